using Orrery.Signals.Labels;

namespace Orrery.Signals.Metrics;

/// <summary>
/// One series: its label set (including <c>__name__</c>), a range of <see cref="MetricBatch.Labels"/>
/// sorted by name with unique names (see <see cref="MetricBatch.EndSeries"/>).
/// </summary>
public struct SeriesRow
{
    public RowRange Labels;
}

/// <summary>One float sample; <see cref="StaleMarker"/> values are samples too.</summary>
public struct SampleRow
{
    /// <summary>Index into <see cref="MetricBatch.Series"/>.</summary>
    public int Series;
    /// <summary>Milliseconds since the Unix epoch, as Prometheus counts time.</summary>
    public long TimestampMs;
    public double Value;
}

/// <summary>
/// One Prometheus native histogram sample (exponential buckets): schema (resolution, -4..8),
/// zero bucket, and sparse positive and negative buckets as spans of consecutive bucket
/// indexes with their counts. Counts are absolute (not delta-encoded as on the wire) and held
/// as doubles so integer and float histograms share one shape.
/// </summary>
public struct HistogramRow
{
    public int Series;
    public long TimestampMs;
    public int Schema;
    public double ZeroThreshold;
    public double ZeroCount;
    public double Count;
    public double Sum;
    /// <summary>Ranges of <see cref="MetricBatch.BucketSpans"/>.</summary>
    public RowRange PositiveSpans;
    public RowRange NegativeSpans;
    /// <summary>Ranges of <see cref="MetricBatch.BucketCounts"/>, one count per bucket the spans cover.</summary>
    public RowRange PositiveBuckets;
    public RowRange NegativeBuckets;
    public CounterResetHint ResetHint;
}

/// <summary>A run of <see cref="Length"/> consecutive buckets starting <see cref="Offset"/> after the previous span's end (the first span's offset is from index 0).</summary>
public struct BucketSpanRow
{
    public int Offset;
    public uint Length;
}

/// <summary>
/// An exemplar of a series: a value seen at a time, with labels that usually carry the
/// <c>trace_id</c> and <c>span_id</c> of the request that produced it.
/// </summary>
public struct ExemplarRow
{
    public int Series;
    public long TimestampMs;
    public double Value;
    /// <summary>Range of <see cref="MetricBatch.Labels"/>.</summary>
    public RowRange Labels;
}

/// <summary>Metadata of a metric family (the name without <c>_bucket</c>/<c>_sum</c>/<c>_count</c> suffixes).</summary>
public struct MetadataRow
{
    public Utf8Ref MetricFamily;
    public MetricType Type;
    public Utf8Ref Help;
    public Utf8Ref Unit;
}
