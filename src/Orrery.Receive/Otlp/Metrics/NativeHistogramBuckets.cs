using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Otlp.Metrics;

/// <summary>
/// Exponential histogram buckets → Prometheus native histogram buckets, per the compatibility
/// specification: the OTLP bucket at array position <c>i</c> covers
/// <c>(base^(offset+i), base^(offset+i+1)]</c>, which native histograms index by the upper
/// bound, <c>offset+i+1</c>. Only non-zero buckets are kept, as spans of consecutive indexes.
/// </summary>
public static class NativeHistogramBuckets
{
    /// <summary>The finest resolution Prometheus stores (schema 8: 256 buckets per power of two).</summary>
    public const int MaxSchema = 8;

    /// <summary>The coarsest schema (-4: one bucket per factor 2^16).</summary>
    public const int MinSchema = -4;

    /// <summary>Used when an exponential histogram sets no zero threshold (the specification's default).</summary>
    public const double DefaultZeroThreshold = 1e-128;

    /// <summary>
    /// Appends the buckets of one side (positive or negative) to <paramref name="batch"/>,
    /// merging <c>2^downscale</c> neighbours into one when the scale is reduced. Bucket
    /// <c>k</c> at scale <c>s</c> lies in bucket <c>k &gt;&gt; d</c> at scale <c>s-d</c> (an
    /// arithmetic shift, so negative indexes floor too), which is what makes the merge exact.
    /// </summary>
    public static void Append(MetricBatch batch, ReadOnlySpan<ulong> counts, int offset, int downscale, out RowRange spans, out RowRange buckets)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var builder = new Builder(batch);
        var pending = 0L;
        var pendingIndex = long.MinValue;
        for (var i = 0; i < counts.Length; i++)
        {
            var index = (((long)offset + i) >> downscale) + 1;
            if (index != pendingIndex)
            {
                if (pendingIndex != long.MinValue) builder.Add(pendingIndex, pending);
                pendingIndex = index;
                pending = 0;
            }
            pending += (long)counts[i];
        }
        if (pendingIndex != long.MinValue) builder.Add(pendingIndex, pending);
        builder.Finish(out spans, out buckets);
    }

    /// <summary>Writes non-zero (index, count) pairs, given in increasing index order, as spans and counts.</summary>
    internal ref struct Builder(MetricBatch batch)
    {
        private readonly MetricBatch _batch = batch;
        private readonly int _spanStart = batch.BucketSpans.Count;
        private readonly int _countStart = batch.BucketCounts.Count;
        private long _lastIndex = long.MinValue;

        public void Add(long index, double count)
        {
            if (count == 0) return;
            if (_lastIndex != long.MinValue && index == _lastIndex + 1)
            {
                _batch.BucketSpans[_batch.BucketSpans.Count - 1].Length++;
            }
            else
            {
                var gap = _lastIndex == long.MinValue ? index : index - _lastIndex - 1;
                _batch.BucketSpans.Add(new BucketSpanRow { Offset = (int)gap, Length = 1 });
            }
            _batch.BucketCounts.Add(count);
            _lastIndex = index;
        }

        public readonly void Finish(out RowRange spans, out RowRange buckets)
        {
            spans = new RowRange(_spanStart, _batch.BucketSpans.Count - _spanStart);
            buckets = new RowRange(_countStart, _batch.BucketCounts.Count - _countStart);
        }
    }
}
