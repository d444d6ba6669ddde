using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>Conversions and comparisons of native histogram samples.</summary>
internal static class HistogramValues
{
    public static NativeHistogram FromRow(MetricBatch batch, in HistogramRow row) => new()
    {
        Schema = row.Schema,
        ZeroThreshold = row.ZeroThreshold,
        ZeroCount = row.ZeroCount,
        Count = row.Count,
        Sum = row.Sum,
        ResetHint = row.ResetHint,
        PositiveSpans = Slice(batch.BucketSpans, row.PositiveSpans),
        PositiveBuckets = Slice(batch.BucketCounts, row.PositiveBuckets),
        NegativeSpans = Slice(batch.BucketSpans, row.NegativeSpans),
        NegativeBuckets = Slice(batch.BucketCounts, row.NegativeBuckets),
    };

    /// <summary>Bit-exact equality, so a resent identical sample counts as a duplicate, not a conflict.</summary>
    public static bool Same(NativeHistogram a, NativeHistogram b) =>
        a.Schema == b.Schema
        && Bits(a.ZeroThreshold) == Bits(b.ZeroThreshold)
        && Bits(a.ZeroCount) == Bits(b.ZeroCount)
        && Bits(a.Count) == Bits(b.Count)
        && Bits(a.Sum) == Bits(b.Sum)
        && a.PositiveSpans.AsSpan().SequenceEqual(b.PositiveSpans)
        && a.NegativeSpans.AsSpan().SequenceEqual(b.NegativeSpans)
        && SameBits(a.PositiveBuckets, b.PositiveBuckets)
        && SameBits(a.NegativeBuckets, b.NegativeBuckets);

    private static ulong Bits(double d) => BitConverter.DoubleToUInt64Bits(d);

    private static bool SameBits(double[] a, double[] b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (Bits(a[i]) != Bits(b[i])) return false;
        }
        return true;
    }

    private static T[] Slice<T>(RowList<T> rows, RowRange range) where T : unmanaged =>
        range.Count == 0 ? [] : rows.AsSpan().Slice(range.Start, range.Count).ToArray();
}
