using System.Globalization;
using System.Text.RegularExpressions;

namespace Orrery.Api.Prometheus.Query;

/// <summary>
/// Durations as the query API's <c>step</c> and <c>timeout</c> take them (Prometheus's
/// <c>parseDuration</c>): float seconds ("15", "0.5", "1e3") or a Prometheus duration
/// ("1m30s", "2h"), kept in nanoseconds as Go's <c>time.Duration</c> holds them.
/// </summary>
internal static partial class QueryDuration
{
    private const double NanosPerSecond = 1e9;

    /// <summary>Null when valid, else the reason as Prometheus words it (without the parameter name).</summary>
    public static string? TryParse(string text, out long nanoseconds)
    {
        ArgumentNullException.ThrowIfNull(text);
        nanoseconds = 0;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            var ns = seconds * NanosPerSecond;
            if (ns > long.MaxValue || ns < long.MinValue) return $"cannot parse {PrometheusParameters.GoQuote(text)} to a valid duration. It overflows int64";
            // Go converts NaN to the smallest int64, which every caller then refuses as not positive.
            nanoseconds = double.IsNaN(ns) ? long.MinValue : (long)ns;
            return null;
        }
        if (TryParsePrometheusDuration(text, out var milliseconds))
        {
            nanoseconds = milliseconds * 1_000_000;
            return null;
        }
        return $"cannot parse {PrometheusParameters.GoQuote(text)} to a valid duration";
    }

    /// <summary>Nanoseconds to whole milliseconds, truncated as Prometheus's engine does.</summary>
    public static long ToMilliseconds(long nanoseconds) => nanoseconds / 1_000_000;

    /// <summary>Prometheus's <c>model.ParseDuration</c>: units y, w, d, h, m, s, ms in this order, each at most once; "0" alone.</summary>
    private static bool TryParsePrometheusDuration(string text, out long milliseconds)
    {
        milliseconds = 0;
        if (text == "0") return true;
        var match = DurationPattern().Match(text);
        if (!match.Success || text.Length == 0) return false;
        ReadOnlySpan<(string Group, long Unit)> units =
        [
            ("y", 365L * 24 * 3600 * 1000), ("w", 7L * 24 * 3600 * 1000), ("d", 24L * 3600 * 1000),
            ("h", 3600L * 1000), ("m", 60L * 1000), ("s", 1000L), ("ms", 1L),
        ];
        foreach (var (group, unit) in units)
        {
            var value = match.Groups[group];
            if (!value.Success) continue;
            if (!long.TryParse(value.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count)) return false;
            milliseconds = checked(milliseconds + (count * unit));
        }
        return true;
    }

    [GeneratedRegex("^(?:(?<y>[0-9]+)y)?(?:(?<w>[0-9]+)w)?(?:(?<d>[0-9]+)d)?(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m)?(?:(?<s>[0-9]+)s)?(?:(?<ms>[0-9]+)ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
