using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Otlp.Metrics;

public sealed partial class DeltaToCumulative
{
    /// <summary>The running total of a delta native histogram: buckets by index at one schema.</summary>
    private sealed class NativeState
    {
        private readonly SortedDictionary<long, double> _positive = [];
        private readonly SortedDictionary<long, double> _negative = [];
        private int _schema;
        private double _zeroThreshold;
        private double _zeroCount;
        private double _count;
        private double _sum;

        public void Reset(int schema)
        {
            _positive.Clear();
            _negative.Clear();
            _schema = schema;
            _zeroThreshold = 0;
            _zeroCount = 0;
            _count = 0;
            _sum = 0;
        }

        public void Add(MetricBatch batch, ref HistogramRow row)
        {
            if (row.Schema < _schema)
            {
                Downscale(_positive, _schema - row.Schema);
                Downscale(_negative, _schema - row.Schema);
                _schema = row.Schema;
            }
            var incomingDownscale = row.Schema - _schema;
            AddSide(batch, row.PositiveSpans, row.PositiveBuckets, incomingDownscale, _positive);
            AddSide(batch, row.NegativeSpans, row.NegativeBuckets, incomingDownscale, _negative);
            _zeroThreshold = Math.Max(_zeroThreshold, row.ZeroThreshold);
            _zeroCount += row.ZeroCount;
            _count += row.Count;
            _sum += row.Sum;
        }

        /// <summary>Rewrites <paramref name="row"/>'s buckets (the last in the batch's tables) as the totals.</summary>
        public void Write(MetricBatch batch, ref HistogramRow row)
        {
            batch.BucketSpans.Truncate(Math.Min(row.PositiveSpans.Start, row.NegativeSpans.Start));
            batch.BucketCounts.Truncate(Math.Min(row.PositiveBuckets.Start, row.NegativeBuckets.Start));
            row.Schema = _schema;
            row.ZeroThreshold = _zeroThreshold;
            row.ZeroCount = _zeroCount;
            row.Count = _count;
            row.Sum = _sum;
            WriteSide(batch, _positive, out row.PositiveSpans, out row.PositiveBuckets);
            WriteSide(batch, _negative, out row.NegativeSpans, out row.NegativeBuckets);
        }

        private static void AddSide(MetricBatch batch, RowRange spans, RowRange buckets, int downscale, SortedDictionary<long, double> into)
        {
            var counts = batch.BucketCounts.AsSpan().Slice(buckets.Start, buckets.Count);
            var index = 0L;
            var k = 0;
            var first = true;
            foreach (var span in batch.BucketSpans.AsSpan().Slice(spans.Start, spans.Count))
            {
                index = first ? span.Offset : index + span.Offset;
                first = false;
                for (var j = 0; j < span.Length; j++, index++)
                {
                    var target = Coarsen(index, downscale);
                    into[target] = into.GetValueOrDefault(target) + counts[k++];
                }
            }
        }

        private static void WriteSide(MetricBatch batch, SortedDictionary<long, double> side, out RowRange spans, out RowRange buckets)
        {
            var builder = new NativeHistogramBuckets.Builder(batch);
            foreach (var (index, count) in side) builder.Add(index, count);
            builder.Finish(out spans, out buckets);
        }

        private static void Downscale(SortedDictionary<long, double> side, int by)
        {
            if (by == 0 || side.Count == 0) return;
            var old = side.ToArray();
            side.Clear();
            foreach (var (index, count) in old)
            {
                var target = Coarsen(index, by);
                side[target] = side.GetValueOrDefault(target) + count;
            }
        }

        /// <summary>Native index i covers (b^(i-1), b^i]: shift the lower-bound index (i-1), then back.</summary>
        private static long Coarsen(long index, int by) => by == 0 ? index : ((index - 1) >> by) + 1;
    }
}
