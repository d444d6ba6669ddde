using Orrery.Signals.Metrics;

namespace Orrery.Api.Prometheus.Query;

/// <summary>One bucket of a native histogram with its bounds, as the query API prints it.</summary>
internal readonly record struct HistogramBucket(double Lower, double Upper, bool LowerInclusive, bool UpperInclusive, double Count)
{
    /// <summary>
    /// The API's boundary rule: 0 open left (lower exclusive, upper inclusive), 1 open right,
    /// 2 open both, 3 closed both.
    /// </summary>
    public int BoundaryRule => (LowerInclusive, UpperInclusive) switch
    {
        (false, true) => 0,
        (true, false) => 1,
        (true, true) => 3,
        _ => 2,
    };
}

/// <summary>
/// The buckets of a native histogram from the lowest to the highest (negative, zero, positive),
/// with the bounds Prometheus's exponential schema gives them: bucket i of schema s spans
/// (base^(i-1), base^i] with base = 2^(2^-s), mirrored for negative buckets.
/// </summary>
internal static class NativeHistogramBuckets
{
    /// <summary>Calls <paramref name="visit"/> for every bucket in ascending order, empty ones included.</summary>
    public static void ForEach<TState>(NativeHistogram h, ref TState state, BucketVisitor<TState> visit)
    {
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(visit);
        // Negative buckets run from the largest index (the most negative bound) down.
        var negativeCount = h.NegativeBuckets.Length;
        if (negativeCount > 0)
        {
            Span<int> indexes = negativeCount <= 256 ? stackalloc int[negativeCount] : new int[negativeCount];
            FillIndexes(h.NegativeSpans, indexes);
            for (var i = negativeCount - 1; i >= 0; i--)
            {
                var index = indexes[i];
                visit(ref state, new HistogramBucket(-Bound(index, h.Schema), -Bound(index - 1, h.Schema), true, false, h.NegativeBuckets[i]));
            }
        }
        if (h.ZeroCount > 0) visit(ref state, new HistogramBucket(-h.ZeroThreshold, h.ZeroThreshold, true, true, h.ZeroCount));
        var position = 0;
        var bucketIndex = 0;
        for (var s = 0; s < h.PositiveSpans.Length; s++)
        {
            bucketIndex += h.PositiveSpans[s].Offset;
            for (var k = 0; k < h.PositiveSpans[s].Length && position < h.PositiveBuckets.Length; k++, bucketIndex++, position++)
            {
                visit(ref state, new HistogramBucket(Bound(bucketIndex - 1, h.Schema), Bound(bucketIndex, h.Schema), false, true, h.PositiveBuckets[position]));
            }
        }
    }

    public delegate void BucketVisitor<TState>(ref TState state, HistogramBucket bucket);

    /// <summary>The upper bound of bucket <paramref name="index"/> in <paramref name="schema"/> (Prometheus's <c>getBound</c>).</summary>
    public static double Bound(int index, int schema)
    {
        if (schema <= 0)
        {
            var exponent = (long)index << -schema;
            return exponent >= 1024 ? double.PositiveInfinity : Math.ScaleB(1, (int)Math.Max(exponent, -1100));
        }
        var fraction = index & ((1 << schema) - 1);
        var power = (index >> schema) + 1;
        // frac in [0.5, 1): the fraction-th of 2^schema steps between 2^-1 and 2^0.
        var frac = Math.Pow(2, ((double)fraction / (1 << schema)) - 1);
        if (fraction == 0 && power == 1025) return double.PositiveInfinity;
        return Math.ScaleB(frac, power);
    }

    private static void FillIndexes(BucketSpanRow[] spans, Span<int> indexes)
    {
        var position = 0;
        var bucketIndex = 0;
        foreach (var span in spans)
        {
            bucketIndex += span.Offset;
            for (var k = 0; k < span.Length && position < indexes.Length; k++, bucketIndex++) indexes[position++] = bucketIndex;
        }
    }
}
