namespace Orrery.Receive.Otlp.Metrics;

/// <summary>The row counts of an <see cref="OtlpMetricsData"/>, to undo a failed decode.</summary>
internal readonly struct OtlpMetricsDataMark(OtlpMetricsData data)
{
    private readonly int _bytes = data.Bytes.Length;
    private readonly int _resources = data.Resources.Count;
    private readonly int _resourceAttributes = data.ResourceAttributes.Count;
    private readonly int _scopes = data.Scopes.Count;
    private readonly int _scopeAttributes = data.ScopeAttributes.Count;
    private readonly int _metrics = data.Metrics.Count;
    private readonly int _points = data.Points.Count;
    private readonly int _pointAttributes = data.PointAttributes.Count;
    private readonly int _bounds = data.Bounds.Count;
    private readonly int _bucketCounts = data.BucketCounts.Count;
    private readonly int _quantiles = data.Quantiles.Count;
    private readonly int _exemplars = data.Exemplars.Count;
    private readonly int _exemplarAttributes = data.ExemplarAttributes.Count;

    public void Restore(OtlpMetricsData data)
    {
        data.Bytes.Truncate(_bytes);
        data.Resources.Truncate(_resources);
        data.ResourceAttributes.Truncate(_resourceAttributes);
        data.Scopes.Truncate(_scopes);
        data.ScopeAttributes.Truncate(_scopeAttributes);
        data.Metrics.Truncate(_metrics);
        data.Points.Truncate(_points);
        data.PointAttributes.Truncate(_pointAttributes);
        data.Bounds.Truncate(_bounds);
        data.BucketCounts.Truncate(_bucketCounts);
        data.Quantiles.Truncate(_quantiles);
        data.Exemplars.Truncate(_exemplars);
        data.ExemplarAttributes.Truncate(_exemplarAttributes);
    }
}
