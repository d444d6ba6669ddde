using System.Globalization;
using System.Text;

namespace Orrery.Api.Prometheus;

/// <summary>Durations and instants printed the way Prometheus's Go code prints them.</summary>
internal static class GoFormats
{
    private const long Second = 1000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;

    /// <summary>
    /// Prometheus's <c>model.Duration</c>: "1m30s", "2h", "90d"; years and weeks only when
    /// exact, because "90d" reads better than "12w6d".
    /// </summary>
    public static string Duration(TimeSpan duration)
    {
        var ms = (long)duration.TotalMilliseconds;
        if (ms == 0) return "0s";
        var text = new StringBuilder();
        void Unit(string unit, long size, bool exact)
        {
            if (exact && ms % size != 0) return;
            var count = ms / size;
            if (count <= 0) return;
            text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
            ms -= count * size;
        }
        Unit("y", 365 * Day, exact: true);
        Unit("w", 7 * Day, exact: true);
        Unit("d", Day, exact: false);
        Unit("h", Hour, exact: false);
        Unit("m", Minute, exact: false);
        Unit("s", Second, exact: false);
        Unit("ms", 1, exact: false);
        return text.ToString();
    }

    /// <summary>Go's <c>time.Time</c> in JSON (RFC 3339 with a trimmed fraction); null is Go's zero time.</summary>
    public static string Time(DateTimeOffset? instant)
    {
        if (instant is not { } t) return "0001-01-01T00:00:00Z";
        var text = new StringBuilder(t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        var fraction = t.ToString("fffffff", CultureInfo.InvariantCulture).TrimEnd('0');
        if (fraction.Length > 0) text.Append('.').Append(fraction);
        if (t.Offset == TimeSpan.Zero) return text.Append('Z').ToString();
        return text.Append(t.ToString("zzz", CultureInfo.InvariantCulture)).ToString();
    }
}
