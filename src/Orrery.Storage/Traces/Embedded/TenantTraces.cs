using Orrery.Signals.Traces;
using Orrery.Storage.Embedded;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Traces.Embedded;

/// <summary>
/// One tenant's traces: the active head part, head parts frozen for a cut in progress, and the
/// open blocks. The lock guards which parts and blocks exist; swapping a frozen part for its
/// block happens under it in one step, so a reader's view holds every span exactly once.
/// </summary>
internal sealed class TenantTraces
{
    private readonly Lock _sync = new();
    private readonly TimeProvider _time;
    private TraceHeadPart _active;
    private TraceHeadPart[] _frozen = [];
    private TaskCompletionSource _cutDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TenantTraces(string tenant, string blocksDirectory, IEnumerable<BlockHandle> blocks, TimeProvider time)
    {
        Tenant = tenant;
        BlocksDirectory = blocksDirectory;
        _time = time;
        _active = new TraceHeadPart(time.GetTimestamp());
        Blocks = new BlockList<BlockHandle>(_sync);
        Blocks.AddRange(blocks);
    }

    public string Tenant { get; }

    public string BlocksDirectory { get; }

    /// <summary>The open blocks; they share this tenant's lock, so a cut swaps a part for its block in one step.</summary>
    public BlockList<BlockHandle> Blocks { get; }

    /// <summary>Serializes cuts of this tenant, so parts reach blocks (and the checkpoint) in WAL order.</summary>
    public SemaphoreSlim CutGate { get; } = new(1, 1);

    /// <summary>Adds a batch to the active part; called in WAL order. Returns the part it went to.</summary>
    public TraceHeadPart Append(SpanBatch batch, WalPosition position, long payloadBytes)
    {
        lock (_sync)
        {
            _active.Append(batch, position, payloadBytes);
            return _active;
        }
    }

    public TraceHeadPart Active
    {
        get
        {
            lock (_sync) return _active;
        }
    }

    /// <summary>Moves a non-empty active part to the frozen list and starts a new one.</summary>
    public void FreezeActive()
    {
        lock (_sync)
        {
            if (_active.IsEmpty) return;
            _frozen = [.. _frozen, _active];
            _active = new TraceHeadPart(_time.GetTimestamp());
        }
    }

    /// <summary>Frozen parts waiting for a block, oldest first.</summary>
    public TraceHeadPart[] Frozen
    {
        get
        {
            lock (_sync) return _frozen;
        }
    }

    /// <summary>
    /// Completes when the next cut of this tenant succeeds. A failed cut does not complete it: the
    /// head is no smaller, and waking appends would only make them ask for another attempt at once.
    /// </summary>
    public Task CutDone
    {
        get
        {
            lock (_sync) return _cutDone.Task;
        }
    }

    /// <summary>Spans and encoded bytes held by the head (active and frozen parts).</summary>
    public void GetHeadSize(out long spans, out long bytes)
    {
        lock (_sync)
        {
            spans = _active.SpanCount;
            bytes = _active.PayloadBytes;
            foreach (var p in _frozen)
            {
                spans += p.SpanCount;
                bytes += p.PayloadBytes;
            }
        }
    }

    /// <summary>Makes the block visible and drops the part it was written from, in one step.</summary>
    public void CompleteCut(TraceHeadPart part, BlockHandle? block)
    {
        lock (_sync)
        {
            _frozen = _frozen.Where(p => p != part).ToArray();
            if (block is not null) Blocks.Add(block);
        }
        SignalCutDone();
    }

    private void SignalCutDone()
    {
        TaskCompletionSource done;
        lock (_sync)
        {
            done = _cutDone;
            _cutDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        done.SetResult();
    }

    /// <summary>Takes the current blocks and parts; blocks stay open until the view is disposed.</summary>
    public TenantView AcquireView()
    {
        lock (_sync) return new TenantView(Blocks.AcquireAll(), [.. _frozen, _active]);
    }

    /// <summary>The oldest WAL segment holding a record of this tenant that is not in a block yet; null when none.</summary>
    public int? OldestUnflushedSegment()
    {
        lock (_sync)
        {
            int? oldest = null;
            foreach (var part in _frozen.Append(_active))
            {
                if (part.IsEmpty) continue;
                oldest = Math.Min(oldest ?? int.MaxValue, part.FirstPosition.Segment);
            }
            return oldest;
        }
    }
}

/// <summary>What a reader sees of one tenant: acquired blocks, then head parts (oldest first).</summary>
internal sealed class TenantView(List<BlockHandle> blocks, TraceHeadPart[] parts) : IDisposable
{
    public List<BlockHandle> Blocks { get; } = blocks;

    public TraceHeadPart[] Parts { get; } = parts;

    public void Dispose()
    {
        foreach (var b in Blocks) b.Release();
        Blocks.Clear();
    }
}
