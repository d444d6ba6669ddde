using System.Numerics;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>
/// Tempo's power-of-two histograms for quantile_over_time and histogram_over_time: a value falls into
/// the bucket of the next power of two at or above it, and quantiles interpolate exponentially inside a
/// bucket. Quantiles are therefore estimates within a factor of two, exactly as Tempo reports them.
/// </summary>
public static class Log2Histogram
{
    /// <summary>The bucket (upper bound) of <paramref name="value"/>; values below 2 have none (-1), as in Tempo.</summary>
    public static double Bucketize(long value)
    {
        if (value < 2) return -1;
        var v = (ulong)value;
        return (double)(1UL << (64 - BitOperations.LeadingZeroCount(v - 1)));
    }

    /// <summary>
    /// The <paramref name="p"/> quantile of buckets sorted by upper bound: the bucket holding the
    /// ceil(p·total)-th sample, interpolated in log2 space between the previous bound and this one.
    /// </summary>
    public static double Quantile(double p, ReadOnlySpan<(double Max, double Count)> buckets)
    {
        if (double.IsNaN(p) || p < 0 || p > 1 || buckets.IsEmpty) return 0;
        double total = 0;
        foreach (var bucket in buckets) total += bucket.Count;
        if (total == 0) return 0;
        var wanted = Math.Max(1, Math.Ceiling(p * total));
        double consumed = 0;
        var index = 0;
        for (; index < buckets.Length; index++)
        {
            if (consumed + buckets[index].Count > wanted) break;
            consumed += buckets[index].Count;
            if (consumed == wanted) return buckets[index].Max;
        }
        index = Math.Min(index, buckets.Length - 1);
        var fraction = (wanted - consumed) / buckets[index].Count;
        var max = Math.Log2(buckets[index].Max);
        var min = index > 0 ? Math.Log2(buckets[index - 1].Max) : max - 1;
        return Math.Pow(2, min + ((max - min) * fraction));
    }
}
