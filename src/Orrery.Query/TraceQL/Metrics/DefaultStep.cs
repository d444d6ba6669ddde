namespace Orrery.Query.TraceQL.Metrics;

/// <summary>Tempo's step when a query range request names none: about 240 points, rounded to a readable granularity.</summary>
public static class DefaultStep
{
    private const long Millisecond = 1_000_000;
    private const long Second = 1000 * Millisecond;

    private static readonly long[] Granularities = [3600 * Second, 300 * Second, 60 * Second, 15 * Second, 5 * Second, Second];

    public static long For(long startNanos, long endNanos)
    {
        var delta = endNanos - startNanos;
        // One hour at 15 s is 240 points: the baseline density.
        var baseline = delta / 240;
        if (delta < 60 * Second)
        {
            // Grafana shows milliseconds below a minute, so steps may be finer than a second.
            const long fine = 50 * Millisecond;
            return baseline > fine ? baseline / fine * fine : fine;
        }
        foreach (var granularity in Granularities)
        {
            // Rounding down errs towards more points.
            if (baseline > granularity) return baseline / granularity * granularity;
        }
        return Second;
    }
}
