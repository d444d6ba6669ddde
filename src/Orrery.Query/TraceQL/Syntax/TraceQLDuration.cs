using System.Globalization;
using System.Text;

namespace Orrery.Query.TraceQL.Syntax;

/// <summary>
/// Duration literals as Go writes them (<c>500ms</c>, <c>1h30m</c>, <c>1.5s</c>). Parsed with decimal
/// arithmetic so that <c>Format(Parse(x))</c> round-trips exactly, which a double would not (0.29 * 1e9).
/// </summary>
internal static class TraceQLDuration
{
    public static bool TryParse(ReadOnlySpan<char> text, out long nanoseconds)
    {
        nanoseconds = 0;
        if (text.IsEmpty) return false;
        decimal total = 0;
        while (!text.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < text.Length && (char.IsAsciiDigit(text[numberLength]) || text[numberLength] == '.')) numberLength++;
            if (numberLength == 0 || numberLength > 28) return false;
            if (!decimal.TryParse(text[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
            text = text[numberLength..];
            var unitLength = 0;
            while (unitLength < text.Length && !char.IsAsciiDigit(text[unitLength]) && text[unitLength] != '.') unitLength++;
            var unit = UnitNanos(text[..unitLength]);
            if (unit == 0 || number > (decimal)long.MaxValue / unit) return false;
            total += number * unit;
            // 2^63 ns is about 292 years: anything longer is a typo, not a duration.
            if (total > long.MaxValue) return false;
            text = text[unitLength..];
        }
        nanoseconds = (long)decimal.Truncate(total);
        return true;
    }

    /// <summary>Go's <c>time.Duration.String</c>: <c>1h30m0s</c>, <c>1.5s</c>, <c>500ms</c>, <c>10µs</c> (printed as <c>us</c>), <c>0s</c>.</summary>
    public static string Format(long nanoseconds)
    {
        if (nanoseconds == 0) return "0s";
        var text = new StringBuilder();
        if (nanoseconds < 0) text.Append('-');
        var n = nanoseconds == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(nanoseconds);
        if (n < 1_000) return text.Append(n).Append("ns").ToString();
        if (n < 1_000_000) return AppendFraction(text, n, 1_000).Append("us").ToString();
        if (n < 1_000_000_000) return AppendFraction(text, n, 1_000_000).Append("ms").ToString();
        var hours = n / 3_600_000_000_000;
        var minutes = n / 60_000_000_000 % 60;
        var rest = n % 60_000_000_000;
        if (hours > 0) text.Append(hours).Append('h');
        if (hours > 0 || minutes > 0) text.Append(minutes).Append('m');
        return AppendFraction(text, rest, 1_000_000_000).Append('s').ToString();
    }

    private static StringBuilder AppendFraction(StringBuilder text, ulong value, ulong unit)
    {
        text.Append(value / unit);
        var fraction = value % unit;
        if (fraction == 0) return text;
        var digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        return text.Append('.').Append(fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0'));
    }

    private static long UnitNanos(ReadOnlySpan<char> unit) => unit switch
    {
        "ns" => 1,
        "us" or "µs" or "μs" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60_000_000_000,
        "h" => 3_600_000_000_000,
        _ => 0,
    };
}
