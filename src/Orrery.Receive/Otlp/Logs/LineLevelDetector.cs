namespace Orrery.Receive.Otlp.Logs;

/// <summary>
/// The level of a line that carries no severity, as Loki 3's <c>discover_log_levels</c> finds
/// it: a <c>level</c>/<c>lvl</c>/<c>severity</c> field of a JSON or logfmt line, else the first
/// level keyword among the line's words (error, warn, info, debug, trace, critical/fatal), else
/// unknown. Returns an index into <see cref="DetectedLevel.All"/>; allocates nothing.
/// </summary>
internal static class LineLevelDetector
{
    /// <summary>How far into a line the keyword scan looks: levels are written near the start, and lines can be long.</summary>
    private const int KeywordScanLimit = 1024;

    public static int Detect(ReadOnlySpan<byte> line)
    {
        var trimmed = line.TrimStart(" \t"u8);
        if (!trimmed.IsEmpty && trimmed[0] == (byte)'{')
        {
            var json = FromJsonField(trimmed);
            if (json != DetectedLevel.UnknownIndex) return json;
        }
        else
        {
            var logfmt = FromLogfmtField(trimmed);
            if (logfmt != DetectedLevel.UnknownIndex) return logfmt;
        }
        return FromKeywords(line.Length > KeywordScanLimit ? line[..KeywordScanLimit] : line);
    }

    private static bool IsLevelKey(ReadOnlySpan<byte> key) => key.Length is >= 3 and <= 8
        && (System.Text.Ascii.EqualsIgnoreCase(key, "level"u8) || System.Text.Ascii.EqualsIgnoreCase(key, "lvl"u8) || System.Text.Ascii.EqualsIgnoreCase(key, "severity"u8));

    /// <summary>A top-level <c>"level": "…"</c> (string or number) in a JSON object; nested objects are skipped.</summary>
    private static int FromJsonField(ReadOnlySpan<byte> json)
    {
        var depth = 0;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (c is (byte)'{' or (byte)'[') depth++;
            else if (c is (byte)'}' or (byte)']') depth--;
            else if (c == (byte)'"')
            {
                var end = EndOfString(json, i + 1);
                if (end < 0) return DetectedLevel.UnknownIndex;
                var key = json[(i + 1)..end];
                i = end;
                if (depth != 1) continue;
                var colon = i + 1;
                while (colon < json.Length && json[colon] is (byte)' ' or (byte)'\t') colon++;
                if (colon >= json.Length || json[colon] != (byte)':') continue; // a value, not a key
                if (!IsLevelKey(key)) continue;
                var v = colon + 1;
                while (v < json.Length && json[v] is (byte)' ' or (byte)'\t') v++;
                if (v >= json.Length) return DetectedLevel.UnknownIndex;
                if (json[v] == (byte)'"')
                {
                    var valueEnd = EndOfString(json, v + 1);
                    return valueEnd < 0 ? DetectedLevel.UnknownIndex : DetectedLevel.FromText(json[(v + 1)..valueEnd]);
                }
                var numberEnd = v;
                while (numberEnd < json.Length && json[numberEnd] is >= (byte)'0' and <= (byte)'9') numberEnd++;
                return DetectedLevel.FromText(json[v..numberEnd]);
            }
        }
        return DetectedLevel.UnknownIndex;
    }

    private static int EndOfString(ReadOnlySpan<byte> json, int from)
    {
        for (var i = from; i < json.Length; i++)
        {
            if (json[i] == (byte)'\\') i++;
            else if (json[i] == (byte)'"') return i;
        }
        return -1;
    }

    /// <summary><c>level=error</c> or <c>level="error"</c> as a logfmt pair (at the start of the line or after a space).</summary>
    private static int FromLogfmtField(ReadOnlySpan<byte> line)
    {
        var start = 0;
        while (start < line.Length)
        {
            var equals = line[start..].IndexOfAny((byte)'=', (byte)' ');
            if (equals < 0) break;
            equals += start;
            if (line[equals] == (byte)'=' && IsLevelKey(line[start..equals]))
            {
                var value = line[(equals + 1)..];
                if (!value.IsEmpty && value[0] == (byte)'"')
                {
                    value = value[1..];
                    var close = value.IndexOf((byte)'"');
                    return DetectedLevel.FromText(close < 0 ? value : value[..close]);
                }
                var space = value.IndexOf((byte)' ');
                return DetectedLevel.FromText(space < 0 ? value : value[..space]);
            }
            var next = line[equals..].IndexOf((byte)' ');
            if (next < 0) break;
            start = equals + next + 1;
        }
        return DetectedLevel.UnknownIndex;
    }

    /// <summary>
    /// The first word that names a level, in any case. Words are runs of letters, digits and
    /// underscores, so <c>trace_id</c> or <c>errors2</c> are not keywords.
    /// </summary>
    private static int FromKeywords(ReadOnlySpan<byte> line)
    {
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && !IsWordByte(line[i])) i++;
            var start = i;
            while (i < line.Length && IsWordByte(line[i])) i++;
            var word = line[start..i];
            if (word.Length is < 3 or > 8) continue;
            var level = DetectedLevel.FromKeyword(word);
            if (level != DetectedLevel.UnknownIndex) return level;
        }
        return DetectedLevel.UnknownIndex;
    }

    private static bool IsWordByte(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 || c == '_' || c >= 0x80;
}
