using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using Orrery.Receive.Otlp.Metrics;
using Orrery.Signals.Metrics;
using OtlpTemporality = OpenTelemetry.Proto.Metrics.V1.AggregationTemporality;

namespace Orrery.Receive.Tests.Otlp.Metrics;

/// <summary>OTLP metrics requests built with the Google.Protobuf types (the encoding oracle).</summary>
internal static class MetricsSamples
{
    /// <summary>2024-01-01T00:00:00Z in nanoseconds; points are at T0 + n seconds.</summary>
    public const ulong T0 = 1_704_067_200_000_000_000UL;

    public const long T0Ms = 1_704_067_200_000L;

    public static ulong At(int seconds) => T0 + (ulong)seconds * 1_000_000_000UL;

    public static KeyValue Kv(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Kv(string key, AnyValue value) => new() { Key = key, Value = value };

    public static ExportMetricsServiceRequest Request(IEnumerable<KeyValue> resource, params Metric[] metrics)
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "test.scope", Version = "1.2.3" } };
        scope.Metrics.AddRange(metrics);
        var resourceMetrics = new ResourceMetrics { Resource = new Resource() };
        resourceMetrics.Resource.Attributes.AddRange(resource);
        resourceMetrics.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resourceMetrics);
        return request;
    }

    public static ExportMetricsServiceRequest Request(params Metric[] metrics) =>
        Request([Kv("service.name", "checkout"), Kv("service.namespace", "shop"), Kv("service.instance.id", "pod-1")], metrics);

    public static NumberDataPoint Number(double value, int second = 0, params KeyValue[] attributes)
    {
        var point = new NumberDataPoint { AsDouble = value, TimeUnixNano = At(second), StartTimeUnixNano = T0 };
        point.Attributes.AddRange(attributes);
        return point;
    }

    public static Metric Gauge(string name, string unit, params NumberDataPoint[] points)
    {
        var gauge = new Gauge();
        gauge.DataPoints.AddRange(points);
        return new Metric { Name = name, Unit = unit, Description = name + " help", Gauge = gauge };
    }

    public static Metric Sum(string name, string unit, bool monotonic, OtlpTemporality temporality, params NumberDataPoint[] points)
    {
        var sum = new Sum { IsMonotonic = monotonic, AggregationTemporality = temporality };
        sum.DataPoints.AddRange(points);
        return new Metric { Name = name, Unit = unit, Description = name + " help", Sum = sum };
    }

    public static HistogramDataPoint HistogramPoint(double[] bounds, ulong[] counts, double sum, int second = 0, params KeyValue[] attributes)
    {
        var point = new HistogramDataPoint { TimeUnixNano = At(second), StartTimeUnixNano = T0, Sum = sum, Count = (ulong)counts.Sum(c => (long)c) };
        point.ExplicitBounds.AddRange(bounds);
        point.BucketCounts.AddRange(counts);
        point.Attributes.AddRange(attributes);
        return point;
    }

    public static Metric Histogram(string name, string unit, OtlpTemporality temporality, params HistogramDataPoint[] points)
    {
        var histogram = new Histogram { AggregationTemporality = temporality };
        histogram.DataPoints.AddRange(points);
        return new Metric { Name = name, Unit = unit, Description = name + " help", Histogram = histogram };
    }

    public static ExponentialHistogramDataPoint ExponentialPoint(int scale, int offset, ulong[] positive, double sum, int second = 0)
    {
        var point = new ExponentialHistogramDataPoint
        {
            TimeUnixNano = At(second),
            StartTimeUnixNano = T0,
            Scale = scale,
            Sum = sum,
            Count = (ulong)positive.Sum(c => (long)c),
            Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = offset },
        };
        point.Positive.BucketCounts.AddRange(positive);
        return point;
    }

    public static Metric Exponential(string name, string unit, OtlpTemporality temporality, params ExponentialHistogramDataPoint[] points)
    {
        var histogram = new ExponentialHistogram { AggregationTemporality = temporality };
        histogram.DataPoints.AddRange(points);
        return new Metric { Name = name, Unit = unit, Description = name + " help", ExponentialHistogram = histogram };
    }

    public static Metric Summary(string name, string unit, params SummaryDataPoint[] points)
    {
        var summary = new Summary();
        summary.DataPoints.AddRange(points);
        return new Metric { Name = name, Unit = unit, Description = name + " help", Summary = summary };
    }

    public static Exemplar Exemplar(double value, int second, byte[]? traceId = null, byte[]? spanId = null, params KeyValue[] attributes)
    {
        var exemplar = new Exemplar { AsDouble = value, TimeUnixNano = At(second) };
        if (traceId is not null) exemplar.TraceId = ByteString.CopyFrom(traceId);
        if (spanId is not null) exemplar.SpanId = ByteString.CopyFrom(spanId);
        exemplar.FilteredAttributes.AddRange(attributes);
        return exemplar;
    }

    public static byte[] TraceIdBytes => Convert.FromHexString("0af7651916cd43dd8448eb211c80319c");

    public static byte[] SpanIdBytes => Convert.FromHexString("b7ad6b7169203331");

    /// <summary>Protobuf bytes → reader → translator: the batch and the translation result.</summary>
    public static (MetricBatch Batch, TranslationResult Result) Translate(ExportMetricsServiceRequest request, DeltaToCumulative? deltas = null, string tenant = "default")
    {
        var data = new OtlpMetricsData();
        OtlpMetricsProtobufReader.Read(request.ToByteArray(), data);
        var batch = new MetricBatch();
        var result = new PrometheusTranslator(deltas ?? new DeltaToCumulative()).Translate(tenant, data, batch);
        return (batch, result);
    }
}
