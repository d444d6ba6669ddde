using Orrery.Signals.Traces;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Collects the block's strings, then numbers them in byte order, so readers find a string by
/// binary search and ids of similar strings sit close together.
/// </summary>
/// <remarks>
/// Every string a page column refers to is hashed once: the collecting pass records the
/// interned id of each use (<see cref="Use"/>, <see cref="UseValue"/>) span by span, and the
/// page writer, which visits each span's strings in the same order, replays them with
/// <see cref="SeekSpan"/> and <see cref="NextId"/> instead of looking each up again. The small resource and scope tables
/// use <see cref="Add"/> and <see cref="IdOf"/>, which record nothing.
/// A builder made by <see cref="ForLookup"/> records nothing either: a streaming merge cannot
/// hold a record of every use of its input, so it adds the strings up front and the page writer
/// looks each use up again (<see cref="NextId(ReadOnlySpan{byte})"/> then hashes its value).
/// </remarks>
internal sealed class BlockDictionaryBuilder
{
    /// <summary>Recorded for a value too long for the dictionary (stored inline).</summary>
    private const int InlineUse = -1;

    private readonly Utf8Interner _interner = new();
    private int[] _uses;
    private int _useCount;
    private int _nextUse;
    private int[] _spanStarts;
    private int _spanCount;
    private int[] _rank = [];
    private bool[] _isKey = new bool[1024];
    private int[] _keyTable = [];
    private int[] _keySlots = [];
    private bool _lookup;

    /// <param name="expectedUses">How many uses will be recorded (a bound; sizing the arrays once spares copies of the largest buffers of a block write).</param>
    /// <param name="expectedSpans">How many spans will be recorded.</param>
    public BlockDictionaryBuilder(int expectedUses = 1024, int expectedSpans = 1024)
    {
        _uses = new int[Math.Max(16, expectedUses)];
        _spanStarts = new int[Math.Max(16, expectedSpans)];
    }

    public int Count => _interner.Count;

    /// <summary>True when uses are looked up by value, not replayed (see <see cref="ForLookup"/>).</summary>
    public bool LooksUp => _lookup;

    /// <summary>A builder whose page writer looks every use up by value instead of replaying recorded uses.</summary>
    public static BlockDictionaryBuilder ForLookup() => new(16, 16) { _lookup = true };

    /// <summary>Adds an attribute key of a page (to the dictionary and the key table) without recording a use.</summary>
    public void AddKey(ReadOnlySpan<byte> key) => MarkKey(_interner.Intern(key));

    /// <summary>An upper bound of the uses <see cref="Use"/>/<see cref="UseValue"/>/<see cref="UseKey"/> will record for the spans of <paramref name="batches"/>.</summary>
    public static long CountUses(IReadOnlyList<SpanBatch> batches)
    {
        long uses = 0;
        foreach (var b in batches)
        {
            // Per span name, trace state, status message; per event its name; per link its trace
            // state; per attribute key and value.
            uses += (3L * b.Spans.Count) + b.Events.Count + b.Links.Count
                + (2L * (b.SpanAttributes.Count + b.EventAttributes.Count + b.LinkAttributes.Count));
        }
        return uses;
    }

    /// <summary>Starts the recorded uses of the next span (spans are numbered from 0 in call order).</summary>
    public void BeginSpan()
    {
        if (_spanCount == _spanStarts.Length) Array.Resize(ref _spanStarts, _spanCount * 2);
        _spanStarts[_spanCount++] = _useCount;
    }

    /// <summary>Makes <see cref="NextId"/> replay the uses of span <paramref name="span"/> (its <see cref="BeginSpan"/> call number).</summary>
    public void SeekSpan(int span)
    {
        if ((uint)span >= (uint)_spanCount) throw new InvalidOperationException($"span {span} recorded no strings");
        _nextUse = _spanStarts[span];
    }

    /// <summary>Adds a string that must be in the dictionary whatever its length (names, keys).</summary>
    public void Add(ReadOnlySpan<byte> value) => _interner.Intern(value);

    /// <summary>Adds a value if it is short enough for the dictionary; longer ones are stored inline.</summary>
    public void AddValue(ReadOnlySpan<byte> value)
    {
        if (value.Length <= BlockFormat.MaxDictionaryString) _interner.Intern(value);
    }

    /// <summary>Like <see cref="Add"/>, and records the use for <see cref="NextId"/>.</summary>
    public void Use(ReadOnlySpan<byte> value) => Record(_interner.Intern(value));

    /// <summary>Like <see cref="Use"/> for an attribute key of a page, which also goes to the key table (<see cref="KeySlot"/>).</summary>
    public void UseKey(ReadOnlySpan<byte> key)
    {
        var id = _interner.Intern(key);
        MarkKey(id);
        Record(id);
    }

    private void MarkKey(int id)
    {
        if (id >= _isKey.Length) Array.Resize(ref _isKey, Math.Max(_isKey.Length * 2, id + 1));
        _isKey[id] = true;
    }

    /// <summary>Like <see cref="AddValue"/>, and records the use for <see cref="NextId"/> / <see cref="WriteNextValue"/>.</summary>
    public void UseValue(ReadOnlySpan<byte> value) =>
        Record(value.Length <= BlockFormat.MaxDictionaryString ? _interner.Intern(value) : InlineUse);

    public void Finish()
    {
        var order = new int[_interner.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        order.AsSpan().Sort(new ByBytes(_interner));
        _rank = new int[order.Length];
        for (var i = 0; i < order.Length; i++) _rank[order[i]] = i;

        // Keys are few (tens to hundreds) next to values, so numbering them on their own keeps
        // the key columns at one byte per key, which Brotli models far better than the 2-3 byte
        // varints of dictionary ids (FORMAT.md, "Choices").
        var keyCount = 0;
        _keySlots = new int[order.Length];
        Array.Fill(_keySlots, -1);
        foreach (var id in order)
        {
            if (id < _isKey.Length && _isKey[id]) keyCount++;
        }
        _keyTable = new int[keyCount];
        keyCount = 0;
        for (var rank = 0; rank < order.Length; rank++)
        {
            var id = order[rank];
            if (id >= _isKey.Length || !_isKey[id]) continue;
            _keySlots[rank] = keyCount;
            _keyTable[keyCount++] = rank;
        }
    }

    /// <summary>The position of the key with dictionary id <paramref name="id"/> in the key table.</summary>
    public int KeySlot(int id)
    {
        var slot = _keySlots[id];
        if (slot < 0) throw new InvalidOperationException("attribute key was not recorded with UseKey");
        return slot;
    }

    /// <summary>The key table: the dictionary ids of every page attribute key, as an ascending list.</summary>
    public void WriteKeyTable(ByteBuffer b) => PageInfo.WriteAscending(b, _keyTable);

    /// <summary>The id of a string added before <see cref="Finish"/>.</summary>
    public int IdOf(ReadOnlySpan<byte> value)
    {
        var id = _interner.Find(value);
        if (id < 0) throw new InvalidOperationException("string was not added to the block dictionary before Finish");
        return _rank[id];
    }

    /// <summary>
    /// The final id of the next recorded use, or -1 when that use was a value stored inline. The
    /// caller must visit a span's uses in the order they were recorded.
    /// </summary>
    public int NextId()
    {
        if (_nextUse >= _useCount) throw new InvalidOperationException("more block strings read than were recorded");
        var id = _uses[_nextUse++];
        return id < 0 ? InlineUse : _rank[id];
    }

    /// <summary>The final id of the next use, a name or key that is always in the dictionary: <paramref name="value"/>.</summary>
    public int NextId(ReadOnlySpan<byte> value) => _lookup ? IdOf(value) : NextId();

    /// <summary>The final id of the next use, a value, or -1 when <paramref name="value"/> is stored inline.</summary>
    public int NextValueId(ReadOnlySpan<byte> value)
    {
        if (!_lookup) return NextId();
        return value.Length <= BlockFormat.MaxDictionaryString ? IdOf(value) : InlineUse;
    }

    /// <summary>Writes the next use, <paramref name="value"/>, as a <see cref="StringRef"/> to <paramref name="refs"/>, its bytes to <paramref name="inline"/> when not in the dictionary.</summary>
    public void WriteNextValue(ReadOnlySpan<byte> value, ByteBuffer refs, ByteBuffer inline)
    {
        var id = NextValueId(value);
        if (id >= 0)
        {
            refs.WriteVarUInt(StringRef.Dictionary(id));
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

    private void Record(int id)
    {
        if (_useCount == _uses.Length) Array.Resize(ref _uses, _uses.Length * 2);
        _uses[_useCount++] = id;
    }

    private readonly struct ByBytes(Utf8Interner strings) : IComparer<int>
    {
        public int Compare(int a, int b) => strings[a].SequenceCompareTo(strings[b]);
    }
}
