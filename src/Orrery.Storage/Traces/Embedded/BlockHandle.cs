using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Traces.Embedded;

/// <summary>
/// A reference-counted open block. The tenant's block list holds one reference; each reader
/// holds one while it reads. Compaction and retention retire a block by dropping the list's
/// reference, so the block is closed, and its directory deleted, only after the last reader
/// is done: a query never sees a block vanish under it.
/// </summary>
internal sealed class BlockHandle
{
    private int _references = 1;
    private volatile bool _deleteWhenUnused;

    public BlockHandle(TraceBlock block) => Block = block;

    public TraceBlock Block { get; }

    public BlockMeta Meta => Block.Meta;

    /// <summary>Takes a reader reference; false once the block has been released for good.</summary>
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
            Directory.Delete(Block.Directory, recursive: true);
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
