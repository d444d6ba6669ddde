namespace Orrery.Storage.Embedded;

/// <summary>
/// One tenant's open blocks. The array is replaced whole under the lock, never changed in place,
/// so a copy a reader took stays as it was. The list holds one reference of each block; blocks
/// it drops are retired after the lock is let go, because closing a block may touch the disk.
/// </summary>
/// <remarks>
/// A store whose tenant must change blocks and other state in one step (a head part swapped
/// for the block written from it) passes its own lock: <see cref="Lock"/> is re-entrant, so the
/// tenant may call the list while holding it.
/// </remarks>
internal sealed class BlockList<THandle>(Lock sync)
    where THandle : RefCountedBlock
{
    private THandle[] _blocks = [];

    public BlockList()
        : this(new Lock())
    {
    }

    /// <summary>The blocks now, not acquired: for maintenance, which is the only one to drop blocks.</summary>
    public THandle[] All
    {
        get
        {
            lock (sync) return _blocks;
        }
    }

    public void Add(THandle block)
    {
        lock (sync) _blocks = [.. _blocks, block];
    }

    public void AddRange(IEnumerable<THandle> blocks)
    {
        lock (sync) _blocks = [.. _blocks, .. blocks];
    }

    /// <summary>Every block, acquired, in list order; the caller releases each.</summary>
    public List<THandle> AcquireAll()
    {
        lock (sync)
        {
            var acquired = new List<THandle>(_blocks.Length);
            foreach (var b in _blocks)
            {
                if (b.TryAcquire()) acquired.Add(b);
            }
            return acquired;
        }
    }

    /// <summary>
    /// The blocks <paramref name="filter"/> takes, acquired, in list order; the caller releases
    /// each. The state lets a static lambda do, so a query allocates no closure.
    /// </summary>
    public List<THandle> Acquire<TState>(TState state, Func<THandle, TState, bool> filter)
    {
        var acquired = new List<THandle>();
        lock (sync)
        {
            foreach (var b in _blocks)
            {
                if (filter(b, state) && b.TryAcquire()) acquired.Add(b);
            }
        }
        return acquired;
    }

    /// <summary>Replaces <paramref name="inputs"/> with <paramref name="output"/> in one step, then retires (and deletes) the inputs.</summary>
    public void Replace(IReadOnlyCollection<THandle> inputs, THandle output)
    {
        lock (sync) _blocks = [.. _blocks.Where(b => !inputs.Contains(b)), output];
        foreach (var b in inputs) b.Retire(delete: true);
    }

    /// <summary>Removes the blocks <paramref name="expired"/> selects and deletes each once unused; returns how many.</summary>
    public int Remove(Func<THandle, bool> expired)
    {
        THandle[] removed;
        lock (sync)
        {
            removed = _blocks.Where(expired).ToArray();
            if (removed.Length == 0) return 0;
            _blocks = _blocks.Where(b => !removed.Contains(b)).ToArray();
        }
        foreach (var b in removed) b.Retire(delete: true);
        return removed.Length;
    }

    /// <summary>Empties the list and closes every block once unused, deleting nothing (shutdown).</summary>
    public void CloseAll()
    {
        THandle[] blocks;
        lock (sync)
        {
            blocks = _blocks;
            _blocks = [];
        }
        foreach (var b in blocks) b.Retire(delete: false);
    }
}
