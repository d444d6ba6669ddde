using System.Globalization;
using System.Text;
using Orrery.Signals;
using Orrery.Signals.Labels;

namespace Orrery.Receive.Loki;

/// <summary>
/// Parses the label string of a Loki push stream — a LogQL stream selector with equality
/// matchers only, such as <c>{app="api", env=`prod`}</c> — into label rows whose names and
/// values live in a batch's arena. Values are Go string literals: double-quoted with escapes
/// (<c>\" \\ \n \t \r \a \b \f \v \' \xHH \uHHHH \UHHHHHHHH</c>) or back-quoted raw text.
/// </summary>
internal static class LokiLabelParser
{
    /// <summary>
    /// Appends the labels to <paramref name="labels"/>; on failure returns false with
    /// <paramref name="error"/> naming the byte position, having appended nothing it keeps
    /// (the caller truncates the arena).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, ByteArena arena, RowList<LabelRow> labels, out string? error)
    {
        var start = labels.Count;
        var p = SkipSpace(text, 0);
        if (p >= text.Length || text[p] != '{') return Fail(text, p, "expected '{'", labels, start, out error);
        p = SkipSpace(text, p + 1);
        if (p < text.Length && text[p] == '}') return Fail(text, p, "at least one label pair is required per stream", labels, start, out error);
        while (true)
        {
            var nameStart = p;
            while (p < text.Length && IsNameByte(text[p], p == nameStart)) p++;
            if (p == nameStart) return Fail(text, p, "expected a label name", labels, start, out error);
            var name = text[nameStart..p];
            p = SkipSpace(text, p);
            if (p >= text.Length || text[p] != '=') return Fail(text, p, "expected '='", labels, start, out error);
            p = SkipSpace(text, p + 1);
            if (p >= text.Length || (text[p] != '"' && text[p] != '`')) return Fail(text, p, "expected a quoted label value", labels, start, out error);
            var valueStart = p;
            var value = ReadString(text, ref p, arena, out var valueError);
            if (valueError is not null) return Fail(text, valueStart, valueError, labels, start, out error);
            labels.Add(new LabelRow { Name = arena.Append(name), Value = value });
            p = SkipSpace(text, p);
            if (p < text.Length && text[p] == ',')
            {
                p = SkipSpace(text, p + 1);
                continue;
            }
            if (p < text.Length && text[p] == '}')
            {
                p = SkipSpace(text, p + 1);
                if (p != text.Length) return Fail(text, p, "unexpected text after '}'", labels, start, out error);
                error = null;
                return true;
            }
            return Fail(text, p, "expected ',' or '}'", labels, start, out error);
        }
    }

    /// <summary>True for a Prometheus/Loki label name byte (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>).</summary>
    public static bool IsNameByte(byte c, bool first) =>
        c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (byte)'_' || (!first && c is >= (byte)'0' and <= (byte)'9');

    public static bool IsValidName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty) return false;
        for (var i = 0; i < name.Length; i++)
        {
            if (!IsNameByte(name[i], i == 0)) return false;
        }
        return true;
    }

    private static Utf8Ref ReadString(ReadOnlySpan<byte> text, ref int p, ByteArena arena, out string? error)
    {
        error = null;
        var quote = text[p++];
        var contentStart = p;
        if (quote == '`')
        {
            var end = text[p..].IndexOf((byte)'`');
            if (end < 0)
            {
                error = "unterminated raw string";
                return default;
            }
            p += end + 1;
            return arena.Append(text.Slice(contentStart, end));
        }
        var close = text[p..].IndexOfAny((byte)'"', (byte)'\\');
        if (close >= 0 && text[p + close] == '"')
        {
            p += close + 1;
            return arena.Append(text.Slice(contentStart, close));
        }
        // Escapes: unescaping only shrinks text, except \x, \u and \U, which never grow it either.
        var mark = arena.Length;
        var room = arena.Reserve(text.Length - contentStart, out var reference);
        var n = 0;
        while (true)
        {
            if (p >= text.Length)
            {
                arena.Truncate(mark);
                error = "unterminated string";
                return default;
            }
            var c = text[p++];
            if (c == '"') break;
            if (c != '\\')
            {
                room[n++] = c;
                continue;
            }
            if (p >= text.Length) continue;
            var e = text[p++];
            switch (e)
            {
                case (byte)'"' or (byte)'\\' or (byte)'\'': room[n++] = e; break;
                case (byte)'n': room[n++] = (byte)'\n'; break;
                case (byte)'t': room[n++] = (byte)'\t'; break;
                case (byte)'r': room[n++] = (byte)'\r'; break;
                case (byte)'a': room[n++] = 7; break;
                case (byte)'b': room[n++] = 8; break;
                case (byte)'f': room[n++] = 12; break;
                case (byte)'v': room[n++] = 11; break;
                case (byte)'x' or (byte)'u' or (byte)'U':
                    var digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (p + digits > text.Length
                        || !uint.TryParse(Encoding.ASCII.GetString(text.Slice(p, digits)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                        || (e != 'x' && !Rune.IsValid(code)))
                    {
                        arena.Truncate(mark);
                        error = $"invalid escape \\{(char)e}";
                        return default;
                    }
                    p += digits;
                    if (e == 'x') room[n++] = (byte)code;
                    else n += new Rune(code).EncodeToUtf8(room[n..]);
                    break;
                default:
                    arena.Truncate(mark);
                    error = $"invalid escape \\{(char)e}";
                    return default;
            }
        }
        arena.Truncate(reference.Offset + n);
        return n == 0 ? default : new Utf8Ref(reference.Offset, n);
    }

    private static int SkipSpace(ReadOnlySpan<byte> text, int p)
    {
        while (p < text.Length && text[p] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') p++;
        return p;
    }

    private static bool Fail(ReadOnlySpan<byte> text, int position, string message, RowList<LabelRow> labels, int start, out string? error)
    {
        labels.Truncate(start);
        error = $"invalid labels '{Encoding.UTF8.GetString(text)}' at byte {position}: {message}";
        return false;
    }
}
