using Orrery.Signals.Metrics;

namespace Orrery.Query.PromQL.Functions;

/// <summary>One bucket of a native histogram with its bounds (Prometheus's <c>histogram.Bucket</c>).</summary>
internal readonly record struct NativeBucket(double Lower, double Upper, double Count);

/// <summary>
/// Bucket geometry of exponential native histograms: bucket <c>i</c> of schema <c>s</c> covers
/// <c>(2^((i-1)·2^-s), 2^(i·2^-s)]</c> on the positive side and the mirror image on the negative side.
/// </summary>
internal static class NativeBuckets
{
    /// <summary>The upper bound of positive bucket <paramref name="index"/> (Prometheus's <c>getBound</c>).</summary>
    public static double UpperBound(int index, int schema)
    {
        if (schema <= 0)
        {
            var exp = (long)index << -schema;
            if (exp == 1024) return double.MaxValue; // The highest bucket ends at the largest finite float.
            if (exp > 1100) return double.PositiveInfinity;
            if (exp < -1100) return 0;
            return Math.ScaleB(1.0, (int)exp);
        }
        var perOctave = 1 << schema;
        var fracIndex = index & (perOctave - 1);
        var octave = (index >> schema) + 1;
        var frac = Math.Pow(2, (double)fracIndex / perOctave) / 2;
        if (frac == 0.5 && octave == 1025) return double.MaxValue;
        return Math.ScaleB(frac, octave);
    }

    /// <summary>The bucket index at a coarser schema that contains bucket <paramref name="index"/>.</summary>
    public static int Reduce(int index, int fromSchema, int toSchema) =>
        fromSchema <= toSchema ? index : ((index - 1) >> (fromSchema - toSchema)) + 1;

    /// <summary>
    /// Appends every bucket in ascending order of value: negative buckets from the most negative,
    /// the zero bucket when populated, then positive buckets. Empty buckets are skipped.
    /// </summary>
    public static void AllAscending(NativeHistogram h, List<NativeBucket> into)
    {
        var start = into.Count;
        ForEach(h.NegativeSpans, h.NegativeBuckets, (index, count) =>
        {
            if (count != 0) into.Add(new NativeBucket(-UpperBound(index, h.Schema), -UpperBound(index - 1, h.Schema), count));
        });
        // Negative buckets come out nearest to zero first; the walk wants the most negative first.
        into.Reverse(start, into.Count - start);
        if (h.ZeroCount > 0) into.Add(new NativeBucket(-h.ZeroThreshold, h.ZeroThreshold, h.ZeroCount));
        ForEach(h.PositiveSpans, h.PositiveBuckets, (index, count) =>
        {
            if (count != 0) into.Add(new NativeBucket(UpperBound(index - 1, h.Schema), UpperBound(index, h.Schema), count));
        });
    }

    /// <summary>Visits (index, count) of one side in ascending index order.</summary>
    public static void ForEach(BucketSpanRow[] spans, double[] buckets, Action<int, double> visit)
    {
        var index = 0;
        var b = 0;
        for (var s = 0; s < spans.Length; s++)
        {
            index += spans[s].Offset;
            for (var j = 0u; j < spans[s].Length && b < buckets.Length; j++, b++, index++) visit(index, buckets[b]);
        }
    }
}
