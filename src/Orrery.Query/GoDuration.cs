using System.Globalization;

namespace Orrery.Query;

/// <summary>
/// Durations as Go's <c>time.ParseDuration</c> writes them (<c>100ms</c>, <c>1.5s</c>,
/// <c>1h30m</c>), which is what Tempo's API and Grafana send, plus Prometheus' <c>d</c> and
/// <c>w</c> so retention can be written as <c>14d</c>.
/// </summary>
public static class GoDuration
{
    /// <summary>Parses into nanoseconds; false (with a reason) when the text is not a duration.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long nanoseconds, out string? error)
    {
        nanoseconds = 0;
        error = null;
        var s = text.Trim();
        if (s.IsEmpty) return Fail("empty duration", out error);
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s is "0") return true;
        if (s.IsEmpty) return Fail($"invalid duration '{text}'", out error);

        double total = 0;
        while (!s.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.')) numberLength++;
            if (numberLength == 0 || !double.TryParse(s[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                return Fail($"invalid duration '{text}'", out error);
            s = s[numberLength..];
            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.') unitLength++;
            if (unitLength == 0) return Fail($"missing unit in duration '{text}'", out error);
            var unit = UnitNanos(s[..unitLength]);
            if (unit == 0) return Fail($"unknown unit '{s[..unitLength]}' in duration '{text}'", out error);
            total += number * unit;
            s = s[unitLength..];
        }
        // 2^63 ns is about 292 years: anything beyond is a typo, not a duration.
        if (total >= long.MaxValue) return Fail($"duration '{text}' is out of range", out error);
        nanoseconds = negative ? -(long)total : (long)total;
        return true;
    }

    public static long Parse(string text) =>
        TryParse(text, out var nanos, out var error) ? nanos : throw new FormatException(error);

    private static long UnitNanos(ReadOnlySpan<char> unit) => unit switch
    {
        "ns" => 1,
        "us" or "µs" or "μs" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60_000_000_000,
        "h" => 3_600_000_000_000,
        "d" => 86_400_000_000_000,
        "w" => 604_800_000_000_000,
        _ => 0,
    };

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
