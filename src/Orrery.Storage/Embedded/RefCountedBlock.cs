namespace Orrery.Storage.Embedded;

/// <summary>
/// A reference-counted open block, the base of every embedded store's block handle. The
/// tenant's <see cref="BlockList{THandle}"/> holds one reference and each reader one while it
/// reads. Compaction and retention retire a block by dropping the list's reference, so the block
/// is closed, and its directory deleted, only after the last reader is done: a query never sees
/// a block vanish under it. Acquire and release run on every query, so they are lock-free: one
/// compare-exchange or one decrement.
/// </summary>
internal abstract class RefCountedBlock
{
    private readonly IDisposable _block;
    private readonly string _directory;

    /// <summary>Starts at one: the reference of the block list the handle is made for.</summary>
    private int _references = 1;
    private volatile bool _deleteWhenUnused;

    protected RefCountedBlock(IDisposable block, string directory)
    {
        _block = block;
        _directory = directory;
    }

    /// <summary>Takes a reader reference; false once the block has been released for good.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            // Zero is final: the block is closed, and a reader must not bring it back.
            if (current == 0) return false;
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current) return true;
        }
    }

    /// <summary>Drops one reference; the last one closes the block (and deletes it, if retired so).</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0) return;
        _block.Dispose();
        if (!_deleteWhenUnused) return;
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Drops the block list's reference; with <paramref name="delete"/>, the directory goes when the last reader leaves.</summary>
    public void Retire(bool delete)
    {
        // Set before the release: the release that reaches zero, on whichever thread, reads it.
        _deleteWhenUnused = delete;
        Release();
    }
}

/// <summary>A <see cref="RefCountedBlock"/> over one store's block type.</summary>
internal abstract class RefCountedBlock<TBlock>(TBlock block, string directory) : RefCountedBlock(block, directory)
    where TBlock : IDisposable
{
    public TBlock Block { get; } = block;
}
