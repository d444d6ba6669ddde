using Orrery.Storage.Logs.Blocks;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// A reference-counted open log block, with its streams mapped to the tenant's stream ids. The
/// tenant's block list holds one reference and each reader (cursor) one more; a retired block
/// is closed, and its directory deleted, when the last reference goes, so a cursor never sees
/// its block vanish.
/// </summary>
internal sealed class LogBlockHandle
{
    private readonly Dictionary<int, LogBlockStream> _byStream;
    private int _references = 1;
    private volatile bool _deleteWhenUnused;

    public LogBlockHandle(LogBlock block, StreamRegistry registry)
    {
        Block = block;
        _byStream = new Dictionary<int, LogBlockStream>(block.Streams.Count);
        foreach (var s in block.Streams)
        {
            var stream = registry.GetOrAdd(s.Labels);
            stream.ObserveTimestamp(s.MaxTimeNs);
            _byStream[stream.Id] = s;
        }
    }

    public LogBlock Block { get; }

    public LogBlockMeta Meta => Block.Meta;

    public IEnumerable<int> StreamIds => _byStream.Keys;

    public LogBlockStream? StreamOf(int streamId) => _byStream.GetValueOrDefault(streamId);

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

    /// <summary>Drops the block list's reference; with <paramref name="delete"/>, the directory goes with the last reader.</summary>
    public void Retire(bool delete)
    {
        _deleteWhenUnused = delete;
        Release();
    }
}
