using System.Text;
using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Otlp.Metrics;

/// <summary>One translation by <see cref="PrometheusTranslator"/>: the request, the batch being filled and scratch state.</summary>
internal sealed partial class PrometheusTranslation
{
    private readonly string _tenant;
    private readonly OtlpMetricsData _data;
    private readonly MetricBatch _batch;
    private readonly DeltaToCumulative? _deltas;
    private readonly PointRejections _rejections = new();
    private readonly HashSet<string> _metadataFamilies = new(StringComparer.Ordinal);
    private readonly ResourceContext[] _resources;
    private readonly LabelNames _names;
    private int _accepted;

    // The context of the point being translated.
    private ResourceContext _resource;
    private Utf8Ref _scopeName;
    private Utf8Ref _scopeVersion;
    private string _metricName = string.Empty;
    private int _pointIndex;
    private char[] _keyBuffer = new char[256];

    public PrometheusTranslation(string tenant, OtlpMetricsData data, MetricBatch batch, DeltaToCumulative? deltas)
    {
        _tenant = tenant;
        _data = data;
        _batch = batch;
        _deltas = deltas;
        _names = new LabelNames(batch.Bytes);
        _resources = new ResourceContext[data.Resources.Count];
        _resource = new ResourceContext();
    }

    public TranslationResult Run()
    {
        for (var r = 0; r < _resources.Length; r++) _resources[r] = ReadResource(r);
        foreach (ref readonly var metric in _data.Metrics.AsSpan()) TranslateMetric(in metric);
        for (var r = 0; r < _resources.Length; r++) AddTargetInfo(r);
        return new TranslationResult(_accepted, _rejections.Count, _rejections.Message);
    }

    private void TranslateMetric(in OtlpMetricRow metric)
    {
        if (metric.Points.Count == 0) return;
        ref readonly var scope = ref _data.Scopes[metric.Scope];
        _resource = _resources[scope.Resource];
        _scopeName = CopyBytes(scope.Name);
        _scopeVersion = CopyBytes(scope.Version);
        _metricName = _data.Bytes.GetString(metric.Name);
        var unit = _data.Bytes.GetString(metric.Unit);

        var counter = metric.Kind == OtlpMetricKind.Sum && metric.IsMonotonic;
        var family = PrometheusNames.MetricName(_metricName, unit, counter, gauge: metric.Kind == OtlpMetricKind.Gauge);
        var type = metric.Kind switch
        {
            OtlpMetricKind.Gauge => MetricType.Gauge,
            OtlpMetricKind.Sum => counter ? MetricType.Counter : MetricType.Gauge,
            OtlpMetricKind.Histogram or OtlpMetricKind.ExponentialHistogram => MetricType.Histogram,
            _ => MetricType.Summary,
        };
        if (family.Length == 0)
        {
            RejectAll(metric, "the metric name has no character Prometheus allows");
            return;
        }
        if (metric.Kind is OtlpMetricKind.Sum or OtlpMetricKind.Histogram or OtlpMetricKind.ExponentialHistogram)
        {
            if (metric.Temporality == AggregationTemporality.Unspecified)
            {
                RejectAll(metric, "aggregation temporality is unspecified");
                return;
            }
            if (metric.Temporality == AggregationTemporality.Delta && _deltas is null)
            {
                RejectAll(metric, "delta temporality is not accepted here");
                return;
            }
        }

        AddMetadata(family, type, metric.Description, unit);
        var names = new FamilyNames(_batch.Bytes, family);
        var delta = metric.Temporality == AggregationTemporality.Delta;
        var points = _data.Points.AsSpan().Slice(metric.Points.Start, metric.Points.Count);
        for (var i = 0; i < points.Length; i++)
        {
            _pointIndex = i;
            ref readonly var point = ref points[i];
            if (point.TimeUnixNano <= 0)
            {
                Reject("the data point has no timestamp");
                continue;
            }
            var accepted = metric.Kind switch
            {
                OtlpMetricKind.Gauge => AddNumber(in point, names, exemplars: false, delta: false),
                OtlpMetricKind.Sum => AddNumber(in point, names, exemplars: counter, delta),
                OtlpMetricKind.Histogram => AddHistogram(in point, names, delta),
                OtlpMetricKind.ExponentialHistogram => AddExponentialHistogram(in point, names, delta),
                _ => AddSummary(in point, names),
            };
            if (!accepted) continue;
            _accepted++;
            var ms = ToMilliseconds(point.TimeUnixNano);
            if (ms > _resources[scope.Resource].LatestMs) _resources[scope.Resource].LatestMs = ms;
        }
    }

    private void AddMetadata(string family, MetricType type, Utf8Ref description, string unit)
    {
        if (!_metadataFamilies.Add(family)) return;
        _batch.Metadata.Add(new MetadataRow
        {
            MetricFamily = _batch.Bytes.Append(family),
            Type = type,
            Help = CopyBytes(description),
            Unit = _batch.Bytes.Append(PrometheusNames.UnitName(unit)),
        });
    }

    private void RejectAll(in OtlpMetricRow metric, string reason) =>
        _rejections.Add(_data.Bytes.GetString(metric.Name), -1, $"{reason} ({metric.Points.Count} data points)", metric.Points.Count);

    private void Reject(string reason) => _rejections.Add(_metricName, _pointIndex, reason);

    private Utf8Ref CopyBytes(Utf8Ref r) => _batch.Bytes.Append(_data.Bytes.Get(r));

    /// <summary>Nanoseconds to Prometheus milliseconds, rounding down.</summary>
    internal static long ToMilliseconds(long unixNano) => unixNano / 1_000_000;

    /// <summary>The key of a series for <see cref="DeltaToCumulative"/>.</summary>
    private ReadOnlySpan<char> DeltaKey(int series)
    {
        var n = DeltaToCumulative.WriteKey(_tenant, _batch, series, ref _keyBuffer);
        return _keyBuffer.AsSpan(0, n);
    }

    /// <summary>Label names this translation sets, appended once to the batch arena.</summary>
    private sealed class LabelNames(ByteArena bytes)
    {
        public Utf8Ref Name { get; } = bytes.Append("__name__"u8);
        public Utf8Ref Job { get; } = bytes.Append("job"u8);
        public Utf8Ref Instance { get; } = bytes.Append("instance"u8);
        public Utf8Ref ScopeName { get; } = bytes.Append("otel_scope_name"u8);
        public Utf8Ref ScopeVersion { get; } = bytes.Append("otel_scope_version"u8);
        public Utf8Ref Le { get; } = bytes.Append("le"u8);
        public Utf8Ref Quantile { get; } = bytes.Append("quantile"u8);
        public Utf8Ref TraceId { get; } = bytes.Append("trace_id"u8);
        public Utf8Ref SpanId { get; } = bytes.Append("span_id"u8);
    }

    /// <summary>A metric family's series names, appended once per metric.</summary>
    private sealed class FamilyNames(ByteArena bytes, string family)
    {
        public string Family { get; } = family;
        public Utf8Ref Name { get; } = bytes.Append(family);
        public Utf8Ref Bucket { get; } = bytes.Append(family + "_bucket");
        public Utf8Ref Sum { get; } = bytes.Append(family + "_sum");
        public Utf8Ref Count { get; } = bytes.Append(family + "_count");
    }

    /// <summary>What a resource contributes to its series: <c>job</c>, <c>instance</c>, and when its points end.</summary>
    private struct ResourceContext
    {
        public Utf8Ref Job;
        public Utf8Ref Instance;
        public long LatestMs;
        public bool HasOtherAttributes;
    }

    private static string Utf8String(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
