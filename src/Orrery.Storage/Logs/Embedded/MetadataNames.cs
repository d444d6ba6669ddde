namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// The structured-metadata names of one head part, each stored once: head lines refer to them
/// by id. Names are few and repeat on every line, so lookups hash the bytes (FNV-1a) instead of
/// allocating a string. Written under the tenant lock; an id handed out never changes, so a
/// reader's copy of <see cref="All"/> stays valid for every id it has seen.
/// </summary>
internal sealed class MetadataNames
{
    private readonly Dictionary<ulong, int> _byHash = [];
    private byte[][] _names = new byte[8][];
    private int _count;

    public byte[][] All => _names;

    public int IdOf(ReadOnlySpan<byte> name)
    {
        var hash = Fnv1a(name);
        if (_byHash.TryGetValue(hash, out var id) && _names[id].AsSpan().SequenceEqual(name)) return id;
        // A 64-bit hash collision between two names is astronomically rare: fall back to a scan.
        for (var i = 0; i < _count; i++)
        {
            if (_names[i].AsSpan().SequenceEqual(name)) return i;
        }
        if (_count == _names.Length)
        {
            var grown = new byte[_names.Length * 2][];
            _names.CopyTo(grown, 0);
            _names = grown;
        }
        _names[_count] = name.ToArray();
        _byHash.TryAdd(hash, _count);
        return _count++;
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var h = 14695981039346656037UL;
        foreach (var b in bytes) h = (h ^ b) * 1099511628211UL;
        return h;
    }
}
