using System.Runtime.CompilerServices;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Logs.Blocks;

/// <summary>
/// Splits a chunk's lines into templates and variables (FORMAT.md, "Templated lines"): every
/// run of ASCII letters and digits is a variable (a number, a long lowercase hex id, or a word),
/// everything between them is template text. A chunk stores each distinct template once, one
/// template id per line, and the variables column by column (all values of one slot of one
/// template together), so a compressor sees e.g. all status codes of the JSON lines in a row
/// instead of paying for a match around every value of every line. Reused across chunks; no
/// object per line.
/// </summary>
internal sealed class LineTemplateEncoder
{
    /// <summary>Markers in template text; lines holding these bytes are stored plain.</summary>
    public const byte IntMarker = 1;
    public const byte HexMarker = 2;
    public const byte WordMarker = 3;

    /// <summary>Digit runs longer than this are split into several numbers (each fits in a ulong with its flag bit).</summary>
    public const int MaxIntDigits = 18;

    /// <summary>
    /// Number codes below this stand for the first code + 1 digits of the line's own timestamp's
    /// fraction of a second: a line that prints its time to the millisecond repeats what the
    /// record's timestamp already says. Codes from here on are literal numbers.
    /// </summary>
    public const int FractionCodes = 9;

    /// <summary>Lowercase hex runs at least this long (with a digit) are ids, stored as packed nibbles.</summary>
    public const int MinHexDigits = 8;

    private readonly ByteBuffer _template = new(1024);
    private readonly ByteBuffer _templates = new(16 * 1024);
    private readonly List<int> _templateStarts = [];
    private readonly Dictionary<int, int> _firstByHash = [];
    private readonly List<int> _nextSameHash = [];
    private readonly ByteBuffer _vars = new(256 * 1024);
    private int[] _varStarts = new int[16 * 1024];
    private int _varCount;
    private int[] _lineVarBase = new int[4096];
    private int[] _lineTemplate = new int[4096];
    private int[] _templateSlots = new int[256];
    private int[] _templateLineCount = new int[256];
    private int[] _linesByTemplate = new int[4096];

    /// <summary>Nanoseconds into the second of the line being tokenized.</summary>
    private long _fraction;

    /// <summary>
    /// Encodes <paramref name="count"/> lines (bytes back to back in <paramref name="lines"/>,
    /// lengths as varints in <paramref name="lengths"/>) into the three templated sections, or
    /// returns false when the lines are better stored plain: they hold marker bytes, or share
    /// too few templates for the template list to pay off.
    /// </summary>
    public bool TryEncode(ReadOnlySpan<byte> lines, ReadOnlySpan<byte> lengths, ReadOnlySpan<long> timestamps, ByteBuffer templates, ByteBuffer ids, ByteBuffer variables)
    {
        Clear();
        var count = timestamps.Length;
        if (lines.IndexOfAnyInRange(IntMarker, WordMarker) >= 0) return false;
        EnsureLines(count);
        var reader = new ByteReader(lengths);
        var at = 0;
        for (var i = 0; i < count; i++)
        {
            var length = reader.ReadCount();
            _lineVarBase[i] = _varCount;
            _fraction = FractionOfSecond(timestamps[i]);
            Tokenize(lines.Slice(at, length));
            at += length;
            var id = TemplateId(_template.Written);
            _lineTemplate[i] = id;
            // Too many templates: the lines do not repeat a shape (free text, non-ASCII words).
            if (_templateStarts.Count > count / 4 + 1) return false;
        }

        var templateCount = _templateStarts.Count;
        templates.WriteVarUInt((ulong)templateCount);
        for (var t = 0; t < templateCount; t++) templates.WriteBytes(TemplateBytes(t));

        // Lines grouped by template (counting sort keeps line order within a template).
        var starts = _templateLineCount;
        Array.Clear(starts, 0, templateCount + 1);
        for (var i = 0; i < count; i++)
        {
            ids.WriteVarUInt((ulong)_lineTemplate[i]);
            starts[_lineTemplate[i] + 1]++;
        }
        for (var t = 0; t < templateCount; t++) starts[t + 1] += starts[t];
        for (var i = 0; i < count; i++) _linesByTemplate[starts[_lineTemplate[i]]++] = i;
        var from = 0;
        for (var t = 0; t < templateCount; t++)
        {
            var to = starts[t];
            for (var slot = 0; slot < _templateSlots[t]; slot++)
            {
                for (var k = from; k < to; k++)
                {
                    var v = _lineVarBase[_linesByTemplate[k]] + slot;
                    var end = v + 1 < _varCount ? _varStarts[v + 1] : _vars.Length;
                    variables.Write(_vars.Written[_varStarts[v]..end]);
                }
            }
            from = to;
        }
        return true;
    }

    private void Clear()
    {
        _templates.Clear();
        _templateStarts.Clear();
        _firstByHash.Clear();
        _nextSameHash.Clear();
        _vars.Clear();
        _varCount = 0;
    }

    private void Tokenize(ReadOnlySpan<byte> line)
    {
        _template.Clear();
        var i = 0;
        while (i < line.Length)
        {
            if (!IsAlphanumeric(line[i]))
            {
                _template.WriteByte(line[i++]);
                continue;
            }
            var start = i;
            bool digits = false, letters = false, hex = true;
            for (; i < line.Length && IsAlphanumeric(line[i]); i++)
            {
                var c = line[i];
                if (c <= '9') digits = true;
                else letters = true;
                if (c > '9' && (c < 'a' || c > 'f')) hex = false;
            }
            var token = line[start..i];
            if (!letters) AddDigits(token);
            else if (hex && digits && token.Length >= MinHexDigits) AddHex(token);
            else if (!digits) AddWord(token);
            else AddMixed(token);
        }
    }

    /// <summary>Letters and digits mixed ("15T10", "123ms", "x86"): letter runs stay template text, digit runs are numbers.</summary>
    private void AddMixed(ReadOnlySpan<byte> token)
    {
        var i = 0;
        while (i < token.Length)
        {
            var start = i;
            var isDigit = token[i] <= '9';
            while (i < token.Length && (token[i] <= '9') == isDigit) i++;
            if (isDigit) AddDigits(token[start..i]);
            else _template.Write(token[start..i]);
        }
    }

    /// <summary>
    /// A number: the fraction code (digits − 1) when it equals the line timestamp's fraction of a
    /// second to that many digits; else varint (FractionCodes + value × 2 + 1 when the digit count
    /// is not the value's, e.g. leading zeros) [, varint digit count].
    /// </summary>
    private void AddDigits(ReadOnlySpan<byte> digits)
    {
        while (digits.Length > 0)
        {
            var piece = digits[..Math.Min(digits.Length, MaxIntDigits)];
            digits = digits[piece.Length..];
            ulong value = 0;
            foreach (var d in piece) value = value * 10 + (ulong)(d - '0');
            var exact = DigitCount(value) == piece.Length;
            BeginVar(IntMarker);
            if (piece.Length <= FractionCodes && value == FractionDigits(_fraction, piece.Length))
            {
                _vars.WriteVarUInt((ulong)piece.Length - 1);
                continue;
            }
            _vars.WriteVarUInt(FractionCodes + value * 2 + (exact ? 0UL : 1UL));
            if (!exact) _vars.WriteVarUInt((ulong)piece.Length);
        }
    }

    /// <summary>A lowercase hex id: varint nibble count, then the nibbles packed two a byte.</summary>
    private void AddHex(ReadOnlySpan<byte> token)
    {
        BeginVar(HexMarker);
        _vars.WriteVarUInt((ulong)token.Length);
        var packed = _vars.Reserve((token.Length + 1) / 2, out _);
        for (var i = 0; i < token.Length; i += 2)
        {
            var high = Nibble(token[i]);
            var low = i + 1 < token.Length ? Nibble(token[i + 1]) : 0;
            packed[i / 2] = (byte)(high << 4 | low);
        }
    }

    private void AddWord(ReadOnlySpan<byte> word)
    {
        BeginVar(WordMarker);
        _vars.WriteBytes(word);
    }

    private void BeginVar(byte marker)
    {
        _template.WriteByte(marker);
        if (_varCount == _varStarts.Length) Array.Resize(ref _varStarts, _varCount * 2);
        _varStarts[_varCount++] = _vars.Length;
    }

    private int TemplateId(ReadOnlySpan<byte> template)
    {
        var hash = new HashCode();
        hash.AddBytes(template);
        var h = hash.ToHashCode();
        if (_firstByHash.TryGetValue(h, out var id))
        {
            for (var t = id; t >= 0; t = _nextSameHash[t])
            {
                if (TemplateBytes(t).SequenceEqual(template)) return t;
            }
        }
        var added = _templateStarts.Count;
        _templateStarts.Add(_templates.Length);
        _templates.Write(template);
        _nextSameHash.Add(_firstByHash.TryGetValue(h, out var first) ? first : -1);
        _firstByHash[h] = added;
        if (added + 2 > _templateSlots.Length)
        {
            Array.Resize(ref _templateSlots, _templateSlots.Length * 2);
            Array.Resize(ref _templateLineCount, _templateLineCount.Length * 2);
        }
        _templateSlots[added] = SlotCount(template);
        return added;
    }

    private ReadOnlySpan<byte> TemplateBytes(int t)
    {
        var start = _templateStarts[t];
        var end = t + 1 < _templateStarts.Count ? _templateStarts[t + 1] : _templates.Length;
        return _templates.Written[start..end];
    }

    private void EnsureLines(int count)
    {
        if (_lineVarBase.Length >= count) return;
        var n = Math.Max(count, _lineVarBase.Length * 2);
        _lineVarBase = new int[n];
        _lineTemplate = new int[n];
        _linesByTemplate = new int[n];
    }

    /// <summary>The number of variables a template takes: its marker bytes.</summary>
    public static int SlotCount(ReadOnlySpan<byte> template)
    {
        var n = 0;
        foreach (var b in template)
        {
            if (b is >= IntMarker and <= WordMarker) n++;
        }
        return n;
    }

    public static long FractionOfSecond(long timestampNs) => ((timestampNs % 1_000_000_000) + 1_000_000_000) % 1_000_000_000;

    /// <summary>The first <paramref name="digits"/> digits of a fraction of a second given in nanoseconds.</summary>
    public static ulong FractionDigits(long fractionNs, int digits)
    {
        var value = (ulong)fractionNs;
        for (var i = digits; i < 9; i++) value /= 10;
        return value;
    }

    public static int DigitCount(ulong value)
    {
        var n = 1;
        while (value >= 10)
        {
            value /= 10;
            n++;
        }
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAlphanumeric(byte c) => (uint)(c - '0') <= 9 || (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    private static int Nibble(byte c) => c <= '9' ? c - '0' : c - 'a' + 10;
}
