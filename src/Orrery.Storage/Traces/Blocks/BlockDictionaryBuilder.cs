using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Collects the block's strings, then numbers them in byte order, so readers find a string by
/// binary search and ids of similar strings sit close together.
/// </summary>
internal sealed class BlockDictionaryBuilder
{
    private readonly Utf8Interner _interner = new();
    private int[] _rank = [];

    public int Count => _interner.Count;

    /// <summary>Adds a string that must be in the dictionary whatever its length (names, keys).</summary>
    public void Add(ReadOnlySpan<byte> value) => _interner.Intern(value);

    /// <summary>Adds a value if it is short enough for the dictionary; longer ones are stored inline.</summary>
    public void AddValue(ReadOnlySpan<byte> value)
    {
        if (value.Length <= BlockFormat.MaxDictionaryString) _interner.Intern(value);
    }

    public void Finish()
    {
        var order = new int[_interner.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => _interner[a].SequenceCompareTo(_interner[b]));
        _rank = new int[order.Length];
        for (var i = 0; i < order.Length; i++) _rank[order[i]] = i;
    }

    /// <summary>The id of a string added before <see cref="Finish"/>.</summary>
    public int IdOf(ReadOnlySpan<byte> value)
    {
        var id = _interner.Find(value);
        if (id < 0) throw new InvalidOperationException("string was not added to the block dictionary before Finish");
        return _rank[id];
    }

    /// <summary>Writes the string as a <see cref="StringRef"/> to <paramref name="refs"/>, its bytes to <paramref name="inline"/> when not in the dictionary.</summary>
    public void WriteValue(ReadOnlySpan<byte> value, ByteBuffer refs, ByteBuffer inline)
    {
        if (value.Length <= BlockFormat.MaxDictionaryString)
        {
            refs.WriteVarUInt(StringRef.Dictionary(IdOf(value)));
            return;
        }
        refs.WriteVarUInt(StringRef.Inline(value.Length));
        inline.Write(value);
    }

    /// <summary>Count, every length, then every string's bytes, in id order.</summary>
    public void WriteTo(ByteBuffer b)
    {
        var order = new int[_rank.Length];
        for (var i = 0; i < _rank.Length; i++) order[_rank[i]] = i;
        b.WriteVarUInt((ulong)order.Length);
        foreach (var i in order) b.WriteVarUInt((ulong)_interner[i].Length);
        foreach (var i in order) b.Write(_interner[i]);
    }
}
