namespace Orrery.Signals.Protobuf;

/// <summary>
/// Field numbers of the OTLP metrics messages (opentelemetry-proto: metrics/v1/metrics.proto,
/// collector/metrics/v1/metrics_service.proto). Resource, InstrumentationScope and KeyValue are
/// shared with traces: see <see cref="OtlpFieldNumbers"/>.
/// </summary>
public static class OtlpMetricsFieldNumbers
{
    /// <summary>ExportMetricsServiceRequest and MetricsData share this layout.</summary>
    public static class MetricsData
    {
        public const int ResourceMetrics = 1;
    }

    public static class ResourceMetrics
    {
        public const int Resource = 1;
        public const int ScopeMetrics = 2;
        public const int SchemaUrl = 3;
    }

    public static class ScopeMetrics
    {
        public const int Scope = 1;
        public const int Metrics = 2;
        public const int SchemaUrl = 3;
    }

    /// <summary>Fields 5, 7, 9, 10 and 11 are the <c>data</c> oneof; 4, 6 and 8 are reserved.</summary>
    public static class Metric
    {
        public const int Name = 1;
        public const int Description = 2;
        public const int Unit = 3;
        public const int Gauge = 5;
        public const int Sum = 7;
        public const int Histogram = 9;
        public const int ExponentialHistogram = 10;
        public const int Summary = 11;
        public const int Metadata = 12;
    }

    /// <summary>Gauge, Sum, Histogram, ExponentialHistogram and Summary: the fields they share.</summary>
    public static class MetricData
    {
        public const int DataPoints = 1;
        public const int AggregationTemporality = 2;
        /// <summary>Sum only.</summary>
        public const int IsMonotonic = 3;
    }

    /// <summary>Field 1 is reserved.</summary>
    public static class NumberDataPoint
    {
        public const int StartTimeUnixNano = 2;
        public const int TimeUnixNano = 3;
        public const int AsDouble = 4;
        public const int Exemplars = 5;
        public const int AsInt = 6;
        public const int Attributes = 7;
        public const int Flags = 8;
    }

    /// <summary>Field 1 is reserved.</summary>
    public static class HistogramDataPoint
    {
        public const int StartTimeUnixNano = 2;
        public const int TimeUnixNano = 3;
        public const int Count = 4;
        public const int Sum = 5;
        public const int BucketCounts = 6;
        public const int ExplicitBounds = 7;
        public const int Exemplars = 8;
        public const int Attributes = 9;
        public const int Flags = 10;
        public const int Min = 11;
        public const int Max = 12;
    }

    public static class ExponentialHistogramDataPoint
    {
        public const int Attributes = 1;
        public const int StartTimeUnixNano = 2;
        public const int TimeUnixNano = 3;
        public const int Count = 4;
        public const int Sum = 5;
        public const int Scale = 6;
        public const int ZeroCount = 7;
        public const int Positive = 8;
        public const int Negative = 9;
        public const int Flags = 10;
        public const int Exemplars = 11;
        public const int Min = 12;
        public const int Max = 13;
        public const int ZeroThreshold = 14;
    }

    /// <summary>ExponentialHistogramDataPoint.Buckets.</summary>
    public static class Buckets
    {
        public const int Offset = 1;
        public const int BucketCounts = 2;
    }

    /// <summary>Field 1 is reserved.</summary>
    public static class SummaryDataPoint
    {
        public const int StartTimeUnixNano = 2;
        public const int TimeUnixNano = 3;
        public const int Count = 4;
        public const int Sum = 5;
        public const int QuantileValues = 6;
        public const int Attributes = 7;
        public const int Flags = 8;
    }

    /// <summary>SummaryDataPoint.ValueAtQuantile.</summary>
    public static class ValueAtQuantile
    {
        public const int Quantile = 1;
        public const int Value = 2;
    }

    /// <summary>Field 1 is reserved.</summary>
    public static class Exemplar
    {
        public const int TimeUnixNano = 2;
        public const int AsDouble = 3;
        public const int SpanId = 4;
        public const int TraceId = 5;
        public const int AsInt = 6;
        public const int FilteredAttributes = 7;
    }

    /// <summary>DataPointFlags: bit 0 means the point carries no value (a staleness signal).</summary>
    public const uint FlagNoRecordedValue = 1;
}
