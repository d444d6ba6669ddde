using System.Globalization;
using System.Text;

namespace Orrery.Receive.Scrape.Config;

/// <summary>
/// Durations as Prometheus writes them in configuration and in <c>/api/v1/targets</c>: unit
/// terms from years down to milliseconds, largest first (<c>1h30m</c>, <c>15s</c>, <c>500ms</c>).
/// </summary>
public static class PromDuration
{
    private static readonly (string Unit, long Ms)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000),
        ("w", 7L * 24 * 3600 * 1000),
        ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000),
        ("m", 60L * 1000),
        ("s", 1000),
        ("ms", 1),
    ];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrEmpty(text)) return false;
        if (text == "0")
        {
            return true;
        }
        long total = 0;
        var i = 0;
        var nextUnit = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == start) return false;
            if (!long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var count)) return false;
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
            var unit = text.AsSpan(unitStart, i - unitStart);
            var index = -1;
            for (var u = nextUnit; u < Units.Length; u++)
            {
                if (unit.SequenceEqual(Units[u].Unit))
                {
                    index = u;
                    break;
                }
            }
            // Each unit at most once and in order, as Prometheus requires ("1m1h" is an error).
            if (index < 0) return false;
            nextUnit = index + 1;
            total = checked(total + count * Units[index].Ms);
        }
        duration = TimeSpan.FromMilliseconds(total);
        return true;
    }

    public static string Format(TimeSpan duration)
    {
        var ms = (long)duration.TotalMilliseconds;
        if (ms == 0) return "0s";
        var s = new StringBuilder();
        if (ms < 0)
        {
            s.Append('-');
            ms = -ms;
        }
        foreach (var (unit, size) in Units)
        {
            if (ms < size) continue;
            s.Append(ms / size).Append(unit);
            ms %= size;
        }
        return s.ToString();
    }
}
