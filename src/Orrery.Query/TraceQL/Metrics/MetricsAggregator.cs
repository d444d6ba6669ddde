using Orrery.Query.LogQL.Syntax;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;
using StaticValue = Orrery.Query.TraceQL.Syntax.StaticValue;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>
/// Aggregates matched spans into series for rate, count/min/max/avg/sum_over_time,
/// quantile_over_time and histogram_over_time, grouped by the query's by() fields. A span's
/// interval is chosen by its start time.
/// </summary>
/// <remarks>
/// The per-span path reads the group fields into a reused key buffer and finds the series by the
/// key's bytes (the previous span's series first, since spans of one service tend to arrive
/// together): nothing is allocated unless the span opens a new series.
/// quantile_over_time is computed as Tempo computes it: spans are counted per power-of-two bucket
/// of the measured value, and each quantile is interpolated from those buckets per interval.
/// </remarks>
public sealed class MetricsAggregator : IMatchedSpanVisitor
{
    /// <summary>
    /// Power-of-two buckets one group can use: durations from 2 ns to 2^62 ns need 62, so
    /// quantile and histogram queries may hold this many internal series per output series.
    /// </summary>
    private const int MaxBucketsPerGroup = 64;

    private readonly MetricsFunction _function;
    private readonly IntervalMapper _intervals;
    private readonly FieldReader[] _by;
    private readonly FieldReader? _measured;
    private readonly EquatableList<double> _quantiles;
    private readonly bool _bucketed;
    private readonly bool _needsTrace;
    private readonly int _maxSeries;
    private readonly int _maxInternalSeries;
    private readonly KeyedTable<SeriesAccumulator> _series = new();
    private readonly KeyBuffer _key = new();
    private readonly bool _groupedByResource;
    private SeriesAccumulator? _last;
    private SpanBatch? _lastBatch;
    private int _lastResource = -1;
    private TraceInfo _trace = TraceInfo.None;

    public MetricsAggregator(MetricsAggregate aggregate, IntervalMapper intervals, int maxSeries)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        if (aggregate.Function == MetricsFunction.Compare) throw new ArgumentException("compare() has its own aggregator", nameof(aggregate));
        _function = aggregate.Function;
        _intervals = intervals;
        _by = aggregate.By.Select(field => FieldReader.Compile(field, "by")).ToArray();
        _measured = aggregate.Attribute is { } attribute ? FieldReader.Compile(attribute, Name(aggregate.Function)) : null;
        _quantiles = aggregate.Quantiles;
        _bucketed = _function is MetricsFunction.QuantileOverTime or MetricsFunction.HistogramOverTime;
        _needsTrace = _by.Any(b => b.NeedsTrace) || _measured?.NeedsTrace == true;
        _groupedByResource = !_bucketed && _by.Length > 0 && _by.All(b => b.IsResourceAttribute);
        _maxSeries = maxSeries;
        _maxInternalSeries = _bucketed ? maxSeries * MaxBucketsPerGroup : maxSeries;
    }

    /// <summary>True once a span was dropped because its series would have exceeded the series limit.</summary>
    public bool Truncated { get; private set; }

    public void BeginTrace(SpanBatch batch, ReadOnlySpan<int> traceRows)
    {
        if (_needsTrace) _trace = TraceInfo.Of(batch, traceRows);
    }

    public void Observe(SpanBatch batch, int row)
    {
        var interval = _intervals.Interval(batch.Spans[row].StartUnixNano);
        if (interval < 0) return;
        var value = 1.0;
        var bucket = double.NaN;
        if (_measured is not null)
        {
            var field = _measured.Read(batch, row, _trace);
            if (_bucketed)
            {
                bucket = BucketOf(field);
                if (bucket < 0) return;
            }
            else
            {
                value = field.AsNumber();
                if (double.IsNaN(value)) return;
            }
        }

        // Spans of one resource arrive together and share its group when only resource
        // attributes group them (by (resource.service.name)): no key is built for them.
        var resource = _groupedByResource ? batch.Scopes[batch.Spans[row].Scope].Resource : -1;
        if (_groupedByResource && resource == _lastResource && ReferenceEquals(batch, _lastBatch) && _last is not null)
        {
            Accumulate(_last, interval, value);
            return;
        }

        _key.Clear();
        foreach (var by in _by) _key.Append(by.Read(batch, row, _trace));
        var groupKeyLength = _key.Length;
        if (_bucketed) _key.AppendDouble(bucket);

        var series = _last is not null && _key.Written.SequenceEqual(_last.Key) ? _last : _series.Find(_key.Written);
        if (series is null)
        {
            if (_series.Count >= _maxInternalSeries)
            {
                Truncated = true;
                return;
            }
            series = NewSeries(batch, row, groupKeyLength, bucket);
        }
        _last = series;
        _lastBatch = batch;
        _lastResource = resource;
        Accumulate(series, interval, value);
    }

    /// <summary>
    /// Adds a columnar aggregate's group (<see cref="ColumnarPlan"/>): each count is as many spans
    /// of that group and interval observed one by one. Only for count functions (rate,
    /// count_over_time) and duration histograms (quantile_over_time, histogram_over_time).
    /// </summary>
    internal void AddCounts(SpanAggregateGroup group)
    {
        var utf8 = group.Value.Kind == Storage.Traces.StaticKind.String ? System.Text.Encoding.UTF8.GetBytes(group.Value.String ?? "") : null;
        if (group.DurationBuckets is { } buckets)
        {
            for (var i = 0; i < buckets.Length; i++)
            {
                if (buckets[i] == 0) continue;
                var bucket = ColumnarPlan.BucketSeconds(i % SpanAggregation.BucketsPerInterval);
                var series = SeriesFor(ColumnarPlan.FieldOf(group.Value, utf8), bucket);
                if (series is not null) series.Values[i / SpanAggregation.BucketsPerInterval] += buckets[i];
            }
            return;
        }
        for (var i = 0; i < group.Counts.Length; i++)
        {
            if (group.Counts[i] == 0) continue;
            var series = SeriesFor(ColumnarPlan.FieldOf(group.Value, utf8), double.NaN);
            if (series is not null) series.Values[i] += group.Counts[i];
        }
    }

    /// <summary>The series of one by() value (and bucket), created as <see cref="Observe"/> would; null past the series limit.</summary>
    private SeriesAccumulator? SeriesFor(in FieldValue groupValue, double bucket)
    {
        _key.Clear();
        if (_by.Length > 0) _key.Append(groupValue);
        var groupKeyLength = _key.Length;
        if (_bucketed) _key.AppendDouble(bucket);
        var series = _series.Find(_key.Written);
        if (series is not null) return series;
        if (_series.Count >= _maxInternalSeries)
        {
            Truncated = true;
            return null;
        }
        var values = _by.Length > 0 ? [groupValue.ToStatic()] : Array.Empty<StaticValue>();
        var initial = _function is MetricsFunction.MinOverTime or MetricsFunction.MaxOverTime or MetricsFunction.SumOverTime ? double.NaN : 0;
        series = new SeriesAccumulator(_key.Written.ToArray(), groupKeyLength, values, bucket, _intervals.Count, _function == MetricsFunction.AvgOverTime, initial);
        _series.Add(_key.Written, series);
        _last = null;
        return series;
    }

    private void Accumulate(SeriesAccumulator series, int interval, double value)
    {
        ref var slot = ref series.Values[interval];
        switch (_function)
        {
            case MetricsFunction.MinOverTime:
                if (double.IsNaN(slot) || value < slot) slot = value;
                break;
            case MetricsFunction.MaxOverTime:
                if (double.IsNaN(slot) || value > slot) slot = value;
                break;
            case MetricsFunction.SumOverTime:
                slot = double.IsNaN(slot) ? value : slot + value;
                break;
            case MetricsFunction.AvgOverTime:
                slot += value;
                series.Counts![interval]++;
                break;
            default:
                slot++;
                break;
        }
    }

    private SeriesAccumulator NewSeries(SpanBatch batch, int row, int groupKeyLength, double bucket)
    {
        var values = new StaticValue[_by.Length];
        for (var i = 0; i < _by.Length; i++) values[i] = _by[i].Read(batch, row, _trace).ToStatic();
        // count-like functions report 0 for an interval without spans; value functions report nothing.
        var initial = _function is MetricsFunction.MinOverTime or MetricsFunction.MaxOverTime or MetricsFunction.SumOverTime ? double.NaN : 0;
        var series = new SeriesAccumulator(_key.Written.ToArray(), groupKeyLength, values, bucket, _intervals.Count, _function == MetricsFunction.AvgOverTime, initial);
        _series.Add(_key.Written, series);
        return series;
    }

    /// <summary>Tempo's buckets: durations in seconds, ints as they are; floats and values below 2 have none.</summary>
    private static double BucketOf(in FieldValue field) => field.Type switch
    {
        StaticType.Duration => field.Int < 2 ? -1 : Log2Histogram.Bucketize(field.Int) / 1e9,
        StaticType.Int => field.Int < 2 ? -1 : Log2Histogram.Bucketize(field.Int),
        _ => -1,
    };

    /// <summary>The finished series, sorted by their Prometheus text; at most the series limit.</summary>
    public List<MetricsSeries> Results()
    {
        var results = _function == MetricsFunction.QuantileOverTime ? QuantileResults() : PlainResults();
        results.RemoveAll(static s => Array.TrueForAll(s.Values, double.IsNaN));
        var sorted = results.Select(s => (Text: s.PromLabels, Series: s)).OrderBy(p => p.Text, StringComparer.Ordinal).Select(p => p.Series).ToList();
        if (sorted.Count > _maxSeries)
        {
            sorted.RemoveRange(_maxSeries, sorted.Count - _maxSeries);
            Truncated = true;
        }
        return sorted;
    }

    private List<MetricsSeries> PlainResults()
    {
        var stepSeconds = _intervals.Step / 1e9;
        var results = new List<MetricsSeries>(_series.Count);
        foreach (var series in _series.Values)
        {
            var values = series.Values;
            if (_function == MetricsFunction.Rate)
            {
                for (var i = 0; i < values.Length; i++) values[i] /= stepSeconds;
            }
            else if (_function == MetricsFunction.AvgOverTime)
            {
                for (var i = 0; i < values.Length; i++) values[i] = series.Counts![i] == 0 ? double.NaN : values[i] / series.Counts[i];
            }
            var labels = GroupLabels(series.GroupValues);
            if (_bucketed) labels.Add(new MetricsLabel("__bucket", StaticValue.OfFloat(series.Bucket)));
            if (labels.Count == 0) labels.Add(new MetricsLabel("__name__", StaticValue.OfString(Name(_function))));
            results.Add(new MetricsSeries(labels, values));
        }
        return results;
    }

    private List<MetricsSeries> QuantileResults()
    {
        var groups = new KeyedTable<List<SeriesAccumulator>>();
        foreach (var series in _series.Values)
        {
            var groupKey = series.Key.AsSpan(0, series.GroupKeyLength);
            var group = groups.Find(groupKey);
            if (group is null) groups.Add(groupKey, group = []);
            group.Add(series);
        }
        var results = new List<MetricsSeries>();
        var buckets = new List<(double Max, double Count)>();
        foreach (var group in groups.Values)
        {
            group.Sort(static (a, b) => a.Bucket.CompareTo(b.Bucket));
            foreach (var quantile in _quantiles)
            {
                var values = new double[_intervals.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    buckets.Clear();
                    foreach (var series in group)
                    {
                        if (series.Values[i] > 0) buckets.Add((series.Bucket, series.Values[i]));
                    }
                    values[i] = Log2Histogram.Quantile(quantile, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buckets));
                }
                var labels = GroupLabels(group[0].GroupValues);
                labels.Add(new MetricsLabel("p", StaticValue.OfFloat(quantile)));
                results.Add(new MetricsSeries(labels, values));
            }
        }
        return results;
    }

    /// <summary>Tempo's rule: nil group values are left out; when every one is nil, the first field is kept as nil.</summary>
    private List<MetricsLabel> GroupLabels(StaticValue[] values)
    {
        var labels = new List<MetricsLabel>(values.Length + 1);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].Type != StaticType.Nil) labels.Add(new MetricsLabel(_by[i].Label, values[i]));
        }
        if (labels.Count == 0 && _by.Length > 0 && !_bucketed) labels.Add(new MetricsLabel(_by[0].Label, StaticValue.Nil));
        return labels;
    }

    internal static string Name(MetricsFunction function) => function switch
    {
        MetricsFunction.Rate => "rate",
        MetricsFunction.CountOverTime => "count_over_time",
        MetricsFunction.MinOverTime => "min_over_time",
        MetricsFunction.MaxOverTime => "max_over_time",
        MetricsFunction.AvgOverTime => "avg_over_time",
        MetricsFunction.SumOverTime => "sum_over_time",
        MetricsFunction.QuantileOverTime => "quantile_over_time",
        MetricsFunction.HistogramOverTime => "histogram_over_time",
        _ => "compare",
    };
}
