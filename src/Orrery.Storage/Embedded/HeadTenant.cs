using Microsoft.Extensions.Logging;

namespace Orrery.Storage.Embedded;

/// <summary>
/// One tenant of a store that cuts its head into blocks (traces, logs): the active head part,
/// parts frozen for a cut, and the open blocks. <see cref="Sync"/> guards which parts and blocks
/// exist; a frozen part is swapped for its block in one step under it, so a reader's view holds
/// every item exactly once. What a part holds, and how it becomes a block, is the store's.
/// </summary>
internal abstract class HeadTenant<TPart, THandle>
    where TPart : class, IHeadPart
    where THandle : RefCountedBlock
{
    private readonly TimeProvider _time;
    private readonly Func<long, TPart> _newPart;
    private TPart _active;
    private TPart[] _frozen = [];
    private TaskCompletionSource _cutDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="newPart">Makes an empty part started at the given timestamp.</param>
    protected HeadTenant(string tenant, string blocksDirectory, TimeProvider time, Func<long, TPart> newPart)
    {
        Tenant = tenant;
        BlocksDirectory = blocksDirectory;
        _time = time;
        _newPart = newPart;
        _active = newPart(time.GetTimestamp());
        Blocks = new BlockList<THandle>(Sync);
    }

    public string Tenant { get; }

    public string BlocksDirectory { get; }

    /// <summary>Guards which parts and blocks exist (and, for a store that says so, the parts' contents).</summary>
    public Lock Sync { get; } = new();

    /// <summary>The open blocks; they share <see cref="Sync"/>, so a cut swaps a part for its block in one step.</summary>
    public BlockList<THandle> Blocks { get; }

    /// <summary>Serializes cuts of this tenant, so parts reach blocks (and the checkpoint) in WAL order.</summary>
    public SemaphoreSlim CutGate { get; } = new(1, 1);

    /// <summary>The part appends go to. Append under <see cref="Sync"/>, in WAL order.</summary>
    public TPart Active
    {
        get
        {
            lock (Sync) return _active;
        }
    }

    /// <summary>Frozen parts waiting for a block, oldest first.</summary>
    public TPart[] Frozen
    {
        get
        {
            lock (Sync) return _frozen;
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
            lock (Sync) return _cutDone.Task;
        }
    }

    /// <summary>Adds up <paramref name="measure"/> over the active and frozen parts (a static lambda allocates nothing).</summary>
    public long SumOverParts(Func<TPart, long> measure)
    {
        lock (Sync)
        {
            var sum = measure(_active);
            foreach (var p in _frozen) sum += measure(p);
            return sum;
        }
    }

    /// <summary>Moves a non-empty active part to the frozen list and starts a new one.</summary>
    public void FreezeActive()
    {
        lock (Sync)
        {
            if (_active.IsEmpty) return;
            _frozen = [.. _frozen, _active];
            _active = _newPart(_time.GetTimestamp());
        }
    }

    /// <summary>Freezes the active part when it is not empty and <paramref name="force"/>d, <paramref name="full"/> or older than <paramref name="maxAge"/>.</summary>
    public void FreezeActiveIfDue(bool force, Func<TPart, bool> full, TimeSpan maxAge)
    {
        var active = Active;
        if (!active.IsEmpty && (force || full(active) || _time.GetElapsedTime(active.CreatedTimestamp) >= maxAge)) FreezeActive();
    }

    /// <summary>
    /// Writes frozen parts to blocks with <paramref name="writeBlock"/> (null: the part held nothing
    /// to keep), oldest first, stopping at the first failure so the checkpoint only ever moves past
    /// records that are in blocks. Returns the blocks written.
    /// </summary>
    /// <param name="signal">The signal in log messages: "trace", "log".</param>
    public int WriteFrozenParts(Func<TPart, THandle?> writeBlock, WalCheckpoint checkpoint, ILogger logger, string signal)
    {
        if (Frozen.Length == 0) return 0;
        var written = 0;
        CutGate.Wait();
        try
        {
            foreach (var part in Frozen)
            {
                THandle? block;
                try
                {
                    Directory.CreateDirectory(BlocksDirectory);
                    block = writeBlock(part);
                }
                catch (Exception ex)
                {
                    logger.LogError(ex, "cannot cut the {Signal} head of tenant {Tenant} into a block; it stays in memory and the WAL", signal, Tenant);
                    break;
                }
                CompleteCut(part, block);
                checkpoint.Advance(Tenant, part.LastPosition);
                if (block is not null) written++;
            }
        }
        finally
        {
            CutGate.Release();
        }
        return written;
    }

    /// <summary>Removes the blocks <paramref name="expired"/> selects (each deleted once unread); returns how many.</summary>
    /// <param name="signal">The signal in log messages: "trace", "log".</param>
    public int RemoveExpiredBlocks(Func<THandle, bool> expired, ILogger logger, string signal)
    {
        var removed = Blocks.Remove(expired);
        if (removed > 0) logger.LogInformation("retention deleted {Count} {Signal} blocks of tenant {Tenant}", removed, signal, Tenant);
        return removed;
    }

    /// <summary>The oldest WAL segment holding a record of this tenant that is not in a block yet; null when none.</summary>
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

    /// <summary>The current blocks, acquired (release each), and the head parts, oldest first, in one step.</summary>
    protected (List<THandle> Blocks, TPart[] Parts) AcquireBlocksAndParts()
    {
        lock (Sync) return (Blocks.AcquireAll(), [.. _frozen, _active]);
    }

    /// <summary>Makes the block visible and drops the part it was written from, in one step; wakes appends waiting for room.</summary>
    private void CompleteCut(TPart part, THandle? block)
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
}
