using Orrery.Signals;

namespace Orrery.Receive.Otlp.Metrics;

/// <summary>
/// A decoded OTLP <c>ExportMetricsServiceRequest</c> in OTLP's own model, as rows over one byte
/// arena (no object per point): what <see cref="OtlpMetricsProtobufReader"/> and
/// <see cref="OtlpMetricsJsonReader"/> fill and <see cref="PrometheusTranslator"/> reads. Kept
/// apart from the Prometheus model so the two wire readers share one translation.
/// </summary>
public sealed class OtlpMetricsData
{
    public ByteArena Bytes { get; } = new();
    public RowList<OtlpResourceRow> Resources { get; } = new(4);
    public RowList<KeyValueRow> ResourceAttributes { get; } = new(32);
    public RowList<OtlpScopeRow> Scopes { get; } = new(4);
    public RowList<KeyValueRow> ScopeAttributes { get; } = new(4);
    public RowList<OtlpMetricRow> Metrics { get; } = new(32);
    public RowList<OtlpPointRow> Points { get; } = new(64);
    public RowList<KeyValueRow> PointAttributes { get; } = new(128);
    public RowList<double> Bounds { get; } = new(64);
    public RowList<ulong> BucketCounts { get; } = new(64);
    public RowList<OtlpQuantileRow> Quantiles { get; } = new(8);
    public RowList<OtlpExemplarRow> Exemplars { get; } = new(8);
    public RowList<KeyValueRow> ExemplarAttributes { get; } = new(8);

    /// <summary>Data points in all metrics.</summary>
    public int PointCount
    {
        get
        {
            var n = 0;
            foreach (ref readonly var metric in Metrics.AsSpan()) n += metric.Points.Count;
            return n;
        }
    }

    public ReadOnlySpan<byte> Utf8(Utf8Ref r) => Bytes.Get(r);

    public void Clear()
    {
        Bytes.Clear();
        Resources.Clear();
        ResourceAttributes.Clear();
        Scopes.Clear();
        ScopeAttributes.Clear();
        Metrics.Clear();
        Points.Clear();
        PointAttributes.Clear();
        Bounds.Clear();
        BucketCounts.Clear();
        Quantiles.Clear();
        Exemplars.Clear();
        ExemplarAttributes.Clear();
    }
}
