using Orrery.Signals;
using Orrery.Signals.Metrics;
using static Orrery.Signals.Protobuf.OtlpMetricsFieldNumbers;

namespace Orrery.Receive.Otlp.Metrics;

internal sealed partial class PrometheusTranslation
{
    private ulong[] _counts = new ulong[16];
    private int[] _bucketSeries = new int[16];
    private double[] _leBounds = [];
    private Utf8Ref[] _leValues = [];

    private static bool IsStale(in OtlpPointRow point) => (point.Flags & FlagNoRecordedValue) != 0;

    // Gauge, and Sum: a monotonic sum is a counter (with exemplars), any other a gauge.
    private bool AddNumber(in OtlpPointRow point, FamilyNames names, bool exemplars, bool delta)
    {
        BuildPointLabels(point.Attributes, LabelOwner.Number);
        var mark = new SeriesMark(_batch);
        var series = AddSeries(names.Name);
        var value = IsStale(point) ? StaleMarker.Value : point.Value;
        if (delta && !IsStale(point))
        {
            var outcome = _deltas!.AddSum(DeltaKey(series), point.StartTimeUnixNano, point.TimeUnixNano, value, out value);
            if (!Accepted(outcome, mark)) return false;
        }
        var ms = ToMilliseconds(point.TimeUnixNano);
        _batch.AddSample(series, ms, value);
        if (exemplars) AddExemplars(point.Exemplars, ms, series, default);
        return true;
    }

    private bool AddHistogram(in OtlpPointRow point, FamilyNames names, bool delta)
    {
        var bounds = _data.Bounds.AsSpan().Slice(point.ExplicitBounds.Start, point.ExplicitBounds.Count);
        var deltaCounts = _data.BucketCounts.AsSpan().Slice(point.BucketCounts.Start, point.BucketCounts.Count);
        if (deltaCounts.Length != 0 && deltaCounts.Length != bounds.Length + 1)
        {
            Reject($"{deltaCounts.Length} bucket counts do not fit {bounds.Length} explicit bounds (expected {bounds.Length + 1})");
            return false;
        }
        for (var i = 0; i < bounds.Length; i++)
        {
            if (double.IsNaN(bounds[i]) || i > 0 && bounds[i] <= bounds[i - 1])
            {
                Reject("explicit bounds are not strictly increasing");
                return false;
            }
        }
        // A histogram without buckets still has its +Inf bucket: the count.
        var bucketCount = deltaCounts.Length == 0 ? 0 : bounds.Length;
        if (_counts.Length < deltaCounts.Length) _counts = new ulong[deltaCounts.Length * 2];
        var counts = _counts.AsSpan(0, deltaCounts.Length);
        deltaCounts.CopyTo(counts);
        var count = point.Count;
        var sum = point.Sum;
        var stale = IsStale(point);

        BuildPointLabels(point.Attributes, LabelOwner.Histogram);
        var mark = new SeriesMark(_batch);
        var countSeries = AddSeries(names.Count);
        if (delta && !stale)
        {
            var outcome = _deltas!.AddHistogram(DeltaKey(countSeries), point.StartTimeUnixNano, point.TimeUnixNano, bounds, counts, ref count, ref sum);
            if (!Accepted(outcome, mark)) return false;
        }

        var ms = ToMilliseconds(point.TimeUnixNano);
        _batch.AddSample(countSeries, ms, stale ? StaleMarker.Value : count);
        if (point.HasSum) _batch.AddSample(AddSeries(names.Sum), ms, stale ? StaleMarker.Value : sum);
        var le = LeValues(bounds[..bucketCount]);
        if (_bucketSeries.Length <= bucketCount) _bucketSeries = new int[(bucketCount + 1) * 2];
        ulong cumulative = 0;
        for (var i = 0; i < bucketCount; i++)
        {
            cumulative += counts[i];
            var series = AddSeries(names.Bucket, _names.Le, le[i]);
            _bucketSeries[i] = series;
            _batch.AddSample(series, ms, stale ? StaleMarker.Value : cumulative);
        }
        var inf = AddSeries(names.Bucket, _names.Le, le[bucketCount]);
        _bucketSeries[bucketCount] = inf;
        _batch.AddSample(inf, ms, stale ? StaleMarker.Value : count);
        AddExemplars(point.Exemplars, ms, -1, bounds[..bucketCount]);
        return true;
    }

    private bool AddExponentialHistogram(in OtlpPointRow point, FamilyNames names, bool delta)
    {
        if (point.Scale < NativeHistogramBuckets.MinSchema)
        {
            Reject($"scale {point.Scale} is below the coarsest Prometheus schema ({NativeHistogramBuckets.MinSchema})");
            return false;
        }
        var stale = IsStale(point);
        if (!stale && !point.HasSum)
        {
            Reject("an exponential histogram without a sum cannot be a native histogram");
            return false;
        }
        BuildPointLabels(point.Attributes, LabelOwner.Number);
        var mark = new SeriesMark(_batch);
        var series = AddSeries(names.Name);
        var downscale = Math.Max(0, point.Scale - NativeHistogramBuckets.MaxSchema);
        var row = new HistogramRow
        {
            Series = series,
            TimestampMs = ToMilliseconds(point.TimeUnixNano),
            Schema = point.Scale - downscale,
            ZeroThreshold = point.ZeroThreshold > 0 ? point.ZeroThreshold : NativeHistogramBuckets.DefaultZeroThreshold,
            ResetHint = CounterResetHint.Unknown,
        };
        if (stale)
        {
            row.Sum = StaleMarker.Value;
            row.PositiveSpans = row.NegativeSpans = new RowRange(_batch.BucketSpans.Count, 0);
            row.PositiveBuckets = row.NegativeBuckets = new RowRange(_batch.BucketCounts.Count, 0);
        }
        else
        {
            row.Count = point.Count;
            row.Sum = point.Sum;
            row.ZeroCount = point.ZeroCount;
            var positive = _data.BucketCounts.AsSpan().Slice(point.BucketCounts.Start, point.BucketCounts.Count);
            var negative = _data.BucketCounts.AsSpan().Slice(point.NegativeBucketCounts.Start, point.NegativeBucketCounts.Count);
            NativeHistogramBuckets.Append(_batch, positive, point.PositiveOffset, downscale, out row.PositiveSpans, out row.PositiveBuckets);
            NativeHistogramBuckets.Append(_batch, negative, point.NegativeOffset, downscale, out row.NegativeSpans, out row.NegativeBuckets);
            if (delta)
            {
                var outcome = _deltas!.AddNativeHistogram(DeltaKey(series), point.StartTimeUnixNano, point.TimeUnixNano, _batch, ref row);
                if (!Accepted(outcome, mark)) return false;
            }
        }
        _batch.Histograms.Add(in row);
        AddExemplars(point.Exemplars, row.TimestampMs, series, default);
        return true;
    }

    private bool AddSummary(in OtlpPointRow point, FamilyNames names)
    {
        BuildPointLabels(point.Attributes, LabelOwner.Summary);
        var ms = ToMilliseconds(point.TimeUnixNano);
        var stale = IsStale(point);
        foreach (ref readonly var quantile in _data.Quantiles.AsSpan().Slice(point.Quantiles.Start, point.Quantiles.Count))
        {
            var value = _batch.Bytes.Append(PrometheusFloat.Format(quantile.Quantile));
            _batch.AddSample(AddSeries(names.Name, _names.Quantile, value), ms, stale ? StaleMarker.Value : quantile.Value);
        }
        _batch.AddSample(AddSeries(names.Sum), ms, stale ? StaleMarker.Value : point.Sum);
        _batch.AddSample(AddSeries(names.Count), ms, stale ? StaleMarker.Value : point.Count);
        return true;
    }

    /// <summary>True when the delta converter took the point; otherwise the point is rejected and its series undone.</summary>
    private bool Accepted(DeltaOutcome outcome, SeriesMark mark)
    {
        if (outcome is DeltaOutcome.Accumulated or DeltaOutcome.Started) return true;
        mark.Restore(_batch);
        Reject(outcome == DeltaOutcome.Full
            ? $"too many delta series to convert to cumulative (limit {_deltas!.MaxSeries})"
            : "delta point is not newer than the series' last point (out of order or duplicate)");
        return false;
    }

    /// <summary>The <c>le</c> values of a histogram's bounds and +Inf, reused while the bounds repeat (they usually do).</summary>
    private ReadOnlySpan<Utf8Ref> LeValues(ReadOnlySpan<double> bounds)
    {
        if (_leValues.Length == bounds.Length + 1 && bounds.SequenceEqual(_leBounds)) return _leValues;
        _leBounds = bounds.ToArray();
        _leValues = new Utf8Ref[bounds.Length + 1];
        for (var i = 0; i < bounds.Length; i++) _leValues[i] = _batch.Bytes.Append(PrometheusFloat.Format(bounds[i]));
        _leValues[^1] = _batch.Bytes.Append("+Inf"u8);
        return _leValues;
    }

    /// <summary>Series and label counts of the batch, to take back a series whose point was refused.</summary>
    private readonly struct SeriesMark(MetricBatch batch)
    {
        private readonly int _series = batch.Series.Count;
        private readonly int _labels = batch.Labels.Count;
        private readonly int _spans = batch.BucketSpans.Count;
        private readonly int _buckets = batch.BucketCounts.Count;

        public void Restore(MetricBatch batch)
        {
            batch.Series.Truncate(_series);
            batch.Labels.Truncate(_labels);
            batch.BucketSpans.Truncate(_spans);
            batch.BucketCounts.Truncate(_buckets);
        }
    }
}
