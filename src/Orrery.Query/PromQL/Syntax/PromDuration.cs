using System.Globalization;
using System.Text;

namespace Orrery.Query.PromQL.Syntax;

/// <summary>
/// Durations as Prometheus's <c>model.Duration</c> reads and writes them: units y w d h m s ms,
/// each at most once and in that order, integers only, millisecond resolution.
/// </summary>
internal static class PromDuration
{
    private static readonly (string Unit, long Ms)[] s_units =
    [
        ("y", 365L * 24 * 60 * 60 * 1000),
        ("w", 7L * 24 * 60 * 60 * 1000),
        ("d", 24L * 60 * 60 * 1000),
        ("h", 60L * 60 * 1000),
        ("m", 60L * 1000),
        ("s", 1000),
        ("ms", 1),
    ];

    /// <summary>Parses into milliseconds; on failure <paramref name="error"/> is Prometheus's message.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out long milliseconds, out string? error)
    {
        milliseconds = 0;
        error = null;
        if (text is "0") return true;
        if (text.IsEmpty)
        {
            error = "empty duration string";
            return false;
        }

        var rest = text;
        var nextUnit = 0;
        var overflow = false;
        while (!rest.IsEmpty)
        {
            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits])) digits++;
            var unitLength = 0;
            while (digits + unitLength < rest.Length && char.IsAsciiLetter(rest[digits + unitLength])) unitLength++;
            var unit = rest.Slice(digits, unitLength);
            var index = -1;
            for (var u = nextUnit; u < s_units.Length; u++)
            {
                if (unit.SequenceEqual(s_units[u].Unit))
                {
                    index = u;
                    break;
                }
            }
            if (digits == 0 || index < 0)
            {
                error = "not a valid duration string: " + GoText.Quote(text);
                return false;
            }
            var mult = s_units[index].Ms;
            if (!long.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > long.MaxValue / 1_000_000 / mult)
            {
                overflow = true;
            }
            else
            {
                milliseconds += n * mult;
                if (milliseconds > long.MaxValue / 1_000_000) overflow = true;
            }
            nextUnit = index + 1;
            rest = rest[(digits + unitLength)..];
        }
        if (overflow)
        {
            error = "duration out of range";
            return false;
        }
        return true;
    }

    /// <summary>Prometheus's <c>model.Duration.String()</c>: years and weeks only when exact, "0s" for zero.</summary>
    public static string Format(long milliseconds)
    {
        if (milliseconds == 0) return "0s";
        var sb = new StringBuilder();
        var ms = milliseconds;
        for (var i = 0; i < s_units.Length; i++)
        {
            var (unit, mult) = s_units[i];
            var exactOnly = i < 2;
            if (exactOnly && ms % mult != 0) continue;
            var v = ms / mult;
            if (v > 0)
            {
                sb.Append(v.ToString(CultureInfo.InvariantCulture)).Append(unit);
                ms -= v * mult;
            }
        }
        return sb.ToString();
    }
}
