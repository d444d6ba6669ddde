namespace Orrery.Api.Prometheus;

/// <summary>
/// Ceilings on what one metadata request may return when the client sets no lower limit.
/// Prometheus returns everything; Orrery bounds the answer so a careless query cannot build an
/// unbounded response in memory, and says so in <c>warnings</c> when it cuts.
/// </summary>
internal static class PrometheusLimits
{
    /// <summary>100k series is about 10 MB of JSON at ~100 bytes a series: beyond what a UI can show, within what a script may want.</summary>
    public const int MaxSeries = 100_000;

    /// <summary>Label names and values: the same order as series, since each value belongs to at least one series.</summary>
    public const int MaxStrings = 100_000;

    public const string TruncatedWarning = "results truncated due to limit";

    /// <summary>Asks for one more than <paramref name="limit"/> so that a cut can be told from an exact fit.</summary>
    public static int Probe(int limit, int ceiling) => Math.Min(limit, ceiling) + 1;

    /// <summary>Cuts <paramref name="items"/> to the effective limit; true when something was cut.</summary>
    public static bool Truncate<T>(ref IReadOnlyList<T> items, int limit, int ceiling)
    {
        var keep = Math.Min(limit, ceiling);
        if (items.Count <= keep) return false;
        items = items.Take(keep).ToArray();
        return true;
    }
}
