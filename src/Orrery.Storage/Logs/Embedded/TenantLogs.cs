using Orrery.Signals.Logs;
using Orrery.Storage.Embedded;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// One tenant's logs: its streams, the active head part, parts frozen for a cut, and the open
/// blocks. The lock guards the parts' contents and which parts and blocks exist; a frozen part
/// is swapped for its block in one step, so a reader sees every line once.
/// </summary>
internal sealed class TenantLogs
{
    private readonly TimeProvider _time;
    private LogHeadPart _active;
    private LogHeadPart[] _frozen = [];
    private TaskCompletionSource _cutDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TenantLogs(string tenant, string blocksDirectory, TimeProvider time)
    {
        Tenant = tenant;
        BlocksDirectory = blocksDirectory;
        _time = time;
        _active = new LogHeadPart(time.GetTimestamp());
        Blocks = new BlockList<LogBlockHandle>(Sync);
    }

    public string Tenant { get; }

    public string BlocksDirectory { get; }

    public StreamRegistry Streams { get; } = new();

    /// <summary>Guards head parts; readers hold it only while taking snapshots.</summary>
    public Lock Sync { get; } = new();

    /// <summary>Serializes cuts of this tenant, so parts reach blocks (and the checkpoint) in WAL order.</summary>
    public SemaphoreSlim CutGate { get; } = new(1, 1);

    /// <summary>The open blocks; they share <see cref="Sync"/>, so a cut swaps a part for its block in one step.</summary>
    public BlockList<LogBlockHandle> Blocks { get; }

    /// <summary>Appends a WAL record's lines to the active part; called in WAL order.</summary>
    public LogHeadPart Append(LogBatch batch, LogStream?[] streams, ReadOnlySpan<bool> accepted, WalPosition position)
    {
        lock (Sync)
        {
            _active.Append(batch, streams, accepted, position);
            return _active;
        }
    }

    public LogHeadPart Active
    {
        get
        {
            lock (Sync) return _active;
        }
    }

    public LogHeadPart[] Frozen
    {
        get
        {
            lock (Sync) return _frozen;
        }
    }

    public void FreezeActive()
    {
        lock (Sync)
        {
            if (_active.IsEmpty) return;
            _frozen = [.. _frozen, _active];
            _active = new LogHeadPart(_time.GetTimestamp());
        }
    }

    /// <summary>Completes when the next cut of this tenant succeeds (a failed cut leaves the head as big).</summary>
    public Task CutDone
    {
        get
        {
            lock (Sync) return _cutDone.Task;
        }
    }

    /// <summary>Bytes held by the head (active and frozen parts).</summary>
    public long HeadBytes
    {
        get
        {
            lock (Sync)
            {
                var bytes = _active.Bytes;
                foreach (var p in _frozen) bytes += p.Bytes;
                return bytes;
            }
        }
    }

    public void CompleteCut(LogHeadPart part, LogBlockHandle? block)
    {
        TaskCompletionSource done;
        lock (Sync)
        {
            _frozen = _frozen.Where(p => p != part).ToArray();
            if (block is not null) Blocks.Add(block);
            done = _cutDone;
            _cutDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        done.SetResult();
    }

    /// <summary>Takes the current blocks (acquired: release each) and head parts, oldest first. Call under <see cref="Sync"/> to snapshot heads consistently.</summary>
    public (List<LogBlockHandle> Blocks, LogHeadPart[] Parts) AcquireView()
    {
        lock (Sync) return (Blocks.AcquireAll(), [.. _frozen, _active]);
    }

    public int? OldestUnflushedSegment()
    {
        lock (Sync)
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
