using Orrery.Signals;

namespace Orrery.Receive.Otlp.Metrics;

/// <summary>Which member of OTLP's <c>Metric.data</c> oneof a metric carries.</summary>
public enum OtlpMetricKind : byte
{
    None,
    Gauge,
    Sum,
    Histogram,
    ExponentialHistogram,
    Summary,
}

/// <summary>OTLP's <c>AggregationTemporality</c>; values outside the enum are kept as <see cref="Unspecified"/>.</summary>
public enum AggregationTemporality : byte
{
    Unspecified = 0,
    Delta = 1,
    Cumulative = 2,
}

/// <summary>A <c>ResourceMetrics.resource</c>: a range of <see cref="OtlpMetricsData.ResourceAttributes"/>.</summary>
public struct OtlpResourceRow
{
    public RowRange Attributes;
}

public struct OtlpScopeRow
{
    public int Resource;
    public Utf8Ref Name;
    public Utf8Ref Version;
    public RowRange Attributes;
}

/// <summary>One <c>Metric</c>: its name, unit, kind and a range of <see cref="OtlpMetricsData.Points"/>.</summary>
public struct OtlpMetricRow
{
    public int Scope;
    public Utf8Ref Name;
    public Utf8Ref Description;
    public Utf8Ref Unit;
    public OtlpMetricKind Kind;
    public AggregationTemporality Temporality;
    public bool IsMonotonic;
    public RowRange Points;
}

/// <summary>
/// One data point of any kind (number, histogram, exponential histogram, summary): the union
/// of their fields, so one row type and one table serve every metric kind. Fields a kind does
/// not have stay zero.
/// </summary>
public struct OtlpPointRow
{
    /// <summary>Range of <see cref="OtlpMetricsData.PointAttributes"/>.</summary>
    public RowRange Attributes;
    public long StartTimeUnixNano;
    public long TimeUnixNano;
    /// <summary>DataPointFlags; bit 0 = no recorded value.</summary>
    public uint Flags;
    /// <summary>A number point's value (as_int converted to double).</summary>
    public double Value;
    /// <summary>Histogram, exponential histogram and summary sum.</summary>
    public double Sum;
    /// <summary>Histogram sums are optional (absent when observations may be negative).</summary>
    public bool HasSum;
    public ulong Count;
    /// <summary>Histogram: explicit bounds, a range of <see cref="OtlpMetricsData.Bounds"/>.</summary>
    public RowRange ExplicitBounds;
    /// <summary>Histogram bucket counts, or an exponential histogram's positive buckets: a range of <see cref="OtlpMetricsData.BucketCounts"/>.</summary>
    public RowRange BucketCounts;
    public int Scale;
    public ulong ZeroCount;
    public double ZeroThreshold;
    public int PositiveOffset;
    public int NegativeOffset;
    /// <summary>An exponential histogram's negative buckets: a range of <see cref="OtlpMetricsData.BucketCounts"/>.</summary>
    public RowRange NegativeBucketCounts;
    /// <summary>Summary quantiles: a range of <see cref="OtlpMetricsData.Quantiles"/>.</summary>
    public RowRange Quantiles;
    /// <summary>Range of <see cref="OtlpMetricsData.Exemplars"/>.</summary>
    public RowRange Exemplars;
}

public struct OtlpQuantileRow
{
    public double Quantile;
    public double Value;
}

/// <summary>An exemplar; ids of the wrong size are left empty (they only label the exemplar).</summary>
public struct OtlpExemplarRow
{
    /// <summary>Range of <see cref="OtlpMetricsData.ExemplarAttributes"/>.</summary>
    public RowRange Attributes;
    public long TimeUnixNano;
    public double Value;
    public TraceId TraceId;
    public SpanId SpanId;
}
