using Orrery.Storage.Encodings;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>
/// One metadata name's values in a chunk (FORMAT.md, "Metadata columns"): per line a code
/// (absent, a literal, a lowercase hex literal packed two nibbles a byte, or a reference to
/// one of the column's <see cref="RecentValues"/> most recently used values), literals' bytes
/// apart. A trace's lines repeat its trace_id and span_id while other traces' lines
/// interleave: a reference costs a few bits where a compressor's match costs bytes.
/// </summary>
internal sealed class MetadataColumn(byte[] name)
{
    public const int CodeAbsent = 0;
    public const int CodeLiteral = 1;
    public const int CodeHexLiteral = 2;

    /// <summary>Codes from this on are references: code − FirstReference = position in the recently-used list.</summary>
    public const int FirstReference = 3;

    /// <summary>How many distinct recent values a reference can reach (more requests are rarely in flight in one stream).</summary>
    public const int RecentValues = 16;

    /// <summary>Values at least this long made only of lowercase hex digits are stored packed.</summary>
    public const int MinHexLength = 8;

    public byte[] Name = name;
    public readonly ByteBuffer Codes = new(1024);
    public readonly ByteBuffer Values = new(4096);

    /// <summary>Literal texts, in order, for matching references (the stored form may be packed).</summary>
    private readonly ByteBuffer _texts = new(4096);
    private readonly List<(int Offset, int Length)> _literals = [];

    /// <summary>Literal numbers, most recently used first.</summary>
    private readonly int[] _recent = new int[RecentValues];
    private int _recentCount;

    /// <summary>Lines [0, Filled) have a code.</summary>
    public int Filled;

    public void Add(int line, ReadOnlySpan<byte> value)
    {
        PadTo(line);
        Filled = line + 1;
        for (var r = 0; r < _recentCount; r++)
        {
            var (offset, length) = _literals[_recent[r]];
            if (length != value.Length || !_texts.Written.Slice(offset, length).SequenceEqual(value)) continue;
            Codes.WriteVarUInt((ulong)(FirstReference + r));
            MoveToFront(r, _recent[r]);
            return;
        }
        if (IsHex(value))
        {
            Codes.WriteVarUInt(CodeHexLiteral);
            Codes.WriteVarUInt((ulong)value.Length);
            var packed = Values.Reserve((value.Length + 1) / 2, out _);
            for (var i = 0; i < value.Length; i += 2)
                packed[i / 2] = (byte)(Nibble(value[i]) << 4 | (i + 1 < value.Length ? Nibble(value[i + 1]) : 0));
        }
        else
        {
            Codes.WriteVarUInt(CodeLiteral);
            Codes.WriteVarUInt((ulong)value.Length);
            Values.Write(value);
        }
        _literals.Add((_texts.Length, value.Length));
        _texts.Write(value);
        MoveToFront(Math.Min(_recentCount, RecentValues - 1), _literals.Count - 1);
        if (_recentCount < RecentValues) _recentCount++;
    }

    public void PadTo(int lines)
    {
        while (Filled < lines)
        {
            Codes.WriteByte(CodeAbsent);
            Filled++;
        }
    }

    public void Clear()
    {
        Codes.Clear();
        Values.Clear();
        _texts.Clear();
        _literals.Clear();
        _recentCount = 0;
        Filled = 0;
    }

    /// <summary>Puts <paramref name="literal"/> first, shifting entries [0, <paramref name="from"/>) down one (the entry at <paramref name="from"/> is overwritten).</summary>
    private void MoveToFront(int from, int literal)
    {
        for (var i = from; i > 0; i--) _recent[i] = _recent[i - 1];
        _recent[0] = literal;
    }

    public static bool IsHex(ReadOnlySpan<byte> value) =>
        value.Length >= MinHexLength && value.IndexOfAnyExcept("0123456789abcdef"u8) < 0;

    private static int Nibble(byte c) => c <= '9' ? c - '0' : c - 'a' + 10;
}
