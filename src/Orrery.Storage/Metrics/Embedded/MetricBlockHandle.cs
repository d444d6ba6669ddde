using Orrery.Storage.Metrics.Blocks;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// A reference-counted open block. The tenant's block list holds one reference, each query one
/// while it selects; compaction and retention drop the list's, so the block is closed and its
/// directory deleted only after the last reader is done.
/// </summary>
internal sealed class MetricBlockHandle(MetricBlock block)
{
    private int _references = 1;
    private volatile bool _deleteWhenUnused;

    public MetricBlock Block { get; } = block;

    public BlockMeta Meta => Block.Meta;

    public bool Overlaps(long minTimeMs, long maxTimeMs) => Meta.MinTimeMs <= maxTimeMs && Meta.MaxTimeMs >= minTimeMs;

    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0) return false;
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current) return true;
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0) return;
        Block.Dispose();
        if (!_deleteWhenUnused) return;
        try
        {
            System.IO.Directory.Delete(Block.Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Drops the block list's reference; with <paramref name="delete"/>, the directory goes when the last reader leaves.</summary>
    public void Retire(bool delete)
    {
        _deleteWhenUnused = delete;
        Release();
    }
}

/// <summary>A tenant's open blocks; the list is replaced whole under a lock, so a reader's copy never changes.</summary>
internal sealed class TenantBlocks
{
    private readonly Lock _sync = new();
    private MetricBlockHandle[] _blocks = [];

    public MetricBlockHandle[] All
    {
        get
        {
            lock (_sync) return _blocks;
        }
    }

    public void Add(MetricBlockHandle block)
    {
        lock (_sync) _blocks = [.. _blocks, block];
    }

    /// <summary>Acquired blocks overlapping the range, oldest first; release each after use.</summary>
    public List<MetricBlockHandle> Acquire(long minTimeMs, long maxTimeMs)
    {
        var result = new List<MetricBlockHandle>();
        lock (_sync)
        {
            foreach (var b in _blocks)
            {
                if (b.Overlaps(minTimeMs, maxTimeMs) && b.TryAcquire()) result.Add(b);
            }
        }
        result.Sort((a, b) => a.Meta.MinTimeMs.CompareTo(b.Meta.MinTimeMs));
        return result;
    }

    public void Replace(IReadOnlyCollection<MetricBlockHandle> inputs, MetricBlockHandle output)
    {
        lock (_sync) _blocks = [.. _blocks.Where(b => !inputs.Contains(b)), output];
        foreach (var b in inputs) b.Retire(delete: true);
    }

    public int Remove(Func<MetricBlockHandle, bool> expired)
    {
        MetricBlockHandle[] removed;
        lock (_sync)
        {
            removed = _blocks.Where(expired).ToArray();
            if (removed.Length == 0) return 0;
            _blocks = _blocks.Where(b => !removed.Contains(b)).ToArray();
        }
        foreach (var b in removed) b.Retire(delete: true);
        return removed.Length;
    }

    public void CloseAll()
    {
        MetricBlockHandle[] blocks;
        lock (_sync)
        {
            blocks = _blocks;
            _blocks = [];
        }
        foreach (var b in blocks) b.Retire(delete: false);
    }
}
