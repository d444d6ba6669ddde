using System.Globalization;

namespace Orrery.Receive.Scrape.Exposition;

/// <summary>The lexical pieces both text formats share: names, numbers and escaped strings.</summary>
internal static class ExpositionTokens
{
    public static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t';

    public static bool IsLabelNameStart(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (byte)'_';

    public static bool IsLabelNameChar(byte b) => IsLabelNameStart(b) || b is >= (byte)'0' and <= (byte)'9';

    public static bool IsMetricNameStart(byte b) => IsLabelNameStart(b) || b == (byte)':';

    public static bool IsMetricNameChar(byte b) => IsLabelNameChar(b) || b == (byte)':';

    /// <summary>Length of the metric name at the start of <paramref name="s"/> ([a-zA-Z_:][a-zA-Z0-9_:]*), 0 if none.</summary>
    public static int MetricNameLength(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty || !IsMetricNameStart(s[0])) return 0;
        var i = 1;
        while (i < s.Length && IsMetricNameChar(s[i])) i++;
        return i;
    }

    /// <summary>Length of the label name at the start of <paramref name="s"/> ([a-zA-Z_][a-zA-Z0-9_]*), 0 if none.</summary>
    public static int LabelNameLength(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty || !IsLabelNameStart(s[0])) return 0;
        var i = 1;
        while (i < s.Length && IsLabelNameChar(s[i])) i++;
        return i;
    }

    public static bool IsValidLabelName(ReadOnlySpan<byte> s) => s.Length > 0 && LabelNameLength(s) == s.Length;

    public static bool IsValidLabelName(string s)
    {
        if (s.Length == 0 || s[0] >= 0x80 || !IsLabelNameStart((byte)s[0])) return false;
        foreach (var c in s)
        {
            if (c >= 0x80 || !IsLabelNameChar((byte)c)) return false;
        }
        return true;
    }

    /// <summary>
    /// A sample value as Go's strconv.ParseFloat reads it in both formats: decimal and exponent
    /// forms plus NaN and Inf/+Inf/-Inf in any case.
    /// </summary>
    public static bool TryParseFloat(ReadOnlySpan<byte> s, out double value)
    {
        if (s.IsEmpty)
        {
            value = 0;
            return false;
        }
        var unsigned = s[0] is (byte)'+' or (byte)'-' ? s[1..] : s;
        if (unsigned.Length > 0 && (unsigned[0] | 0x20) is (byte)'n' or (byte)'i')
        {
            var negative = s[0] == (byte)'-';
            if (EqualsIgnoreCase(unsigned, "inf"u8) || EqualsIgnoreCase(unsigned, "infinity"u8))
            {
                value = negative ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }
            if (unsigned.Length == s.Length && EqualsIgnoreCase(unsigned, "nan"u8))
            {
                value = double.NaN;
                return true;
            }
            value = 0;
            return false;
        }
        // Digits, one sign, a point and an exponent only: .NET would also take thousands
        // separators or currency symbols under other styles, which Go does not.
        return double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A text-format timestamp: integer milliseconds since the epoch.</summary>
    public static bool TryParseMilliseconds(ReadOnlySpan<byte> s, out long ms) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ms);

    /// <summary>
    /// An OpenMetrics timestamp: seconds with an optional fraction, to milliseconds, truncating
    /// below the millisecond as Prometheus does. Plain decimals are converted digit by digit so
    /// <c>1690000000.123</c> becomes exactly 1690000000123 (through a double it could be ...122).
    /// </summary>
    public static bool TryParseSecondsAsMilliseconds(ReadOnlySpan<byte> s, out long ms)
    {
        ms = 0;
        if (s.IsEmpty) return false;
        var negative = s[0] == (byte)'-';
        var digits = s[0] is (byte)'-' or (byte)'+' ? s[1..] : s;
        var point = digits.IndexOf((byte)'.');
        var whole = point < 0 ? digits : digits[..point];
        var fraction = point < 0 ? default : digits[(point + 1)..];
        if (whole.Length is > 0 and <= 12 && AllDigits(whole) && AllDigits(fraction) && (point < 0 || fraction.Length > 0))
        {
            long w = 0;
            foreach (var d in whole) w = w * 10 + (d - '0');
            long f = 0;
            for (var i = 0; i < 3; i++) f = f * 10 + (i < fraction.Length ? fraction[i] - '0' : 0);
            ms = w * 1000 + f;
            if (negative) ms = -ms;
            return true;
        }
        if (!TryParseFloat(s, out var seconds) || !double.IsFinite(seconds)) return false;
        var scaled = seconds * 1000;
        if (scaled is >= long.MaxValue or <= long.MinValue) return false;
        ms = (long)scaled;
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
        {
            if (b is < (byte)'0' or > (byte)'9') return false;
        }
        return true;
    }

    /// <summary>
    /// Writes an escaped string (label value or HELP text) unescaped into <paramref name="dest"/>,
    /// which must be at least as long as <paramref name="raw"/>. <c>\\</c>, <c>\"</c> and <c>\n</c>
    /// are the escapes both formats define; any other backslash is kept as written, as Prometheus does.
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> raw, Span<byte> dest)
    {
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'\\' && i + 1 < raw.Length)
            {
                var next = raw[i + 1];
                if (next is (byte)'\\' or (byte)'"' or (byte)'n')
                {
                    dest[n++] = next == (byte)'n' ? (byte)'\n' : next;
                    i++;
                    continue;
                }
            }
            dest[n++] = b;
        }
        return n;
    }

    public static string UnescapeToString(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'\\') < 0) return System.Text.Encoding.UTF8.GetString(raw);
        var buffer = raw.Length <= 512 ? stackalloc byte[raw.Length] : new byte[raw.Length];
        var n = Unescape(raw, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer[..n]);
    }

    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lowerAscii)
    {
        if (s.Length != lowerAscii.Length) return false;
        for (var i = 0; i < s.Length; i++)
        {
            if ((s[i] | 0x20) != lowerAscii[i]) return false;
        }
        return true;
    }
}
