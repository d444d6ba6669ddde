using Orrery.Signals.Metrics;

namespace Orrery.Query.Tests.PromQL.Functions;

/// <summary>Builds native histograms from (span offset, bucket counts) runs as Prometheus writes them.</summary>
internal static class NativeHistograms
{
    public static NativeHistogram Make(
        double count, double sum,
        (int Offset, double[] Counts)[]? positive = null,
        (int Offset, double[] Counts)[]? negative = null,
        int schema = 0, double zeroThreshold = 0.001, double zeroCount = 0,
        CounterResetHint hint = CounterResetHint.Unknown)
    {
        var h = new NativeHistogram
        {
            Schema = schema,
            ZeroThreshold = zeroThreshold,
            ZeroCount = zeroCount,
            Count = count,
            Sum = sum,
            ResetHint = hint,
        };
        (h.PositiveSpans, h.PositiveBuckets) = Spans(positive ?? []);
        (h.NegativeSpans, h.NegativeBuckets) = Spans(negative ?? []);
        return h;
    }

    private static (BucketSpanRow[], double[]) Spans((int Offset, double[] Counts)[] runs) =>
        (runs.Select(r => new BucketSpanRow { Offset = r.Offset, Length = (uint)r.Counts.Length }).ToArray(),
         runs.SelectMany(r => r.Counts).ToArray());

    /// <summary>(bucket index, count) of one side, to compare independent of span layout.</summary>
    public static (int Index, double Count)[] Buckets(BucketSpanRow[] spans, double[] counts)
    {
        var result = new List<(int, double)>();
        var index = 0;
        var b = 0;
        foreach (var span in spans)
        {
            index += span.Offset;
            for (var j = 0; j < span.Length; j++, index++, b++)
            {
                if (counts[b] != 0) result.Add((index, counts[b]));
            }
        }
        return [.. result];
    }
}
