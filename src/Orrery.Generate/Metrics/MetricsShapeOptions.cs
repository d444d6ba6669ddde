namespace Orrery.Generate.Metrics;

/// <summary>The series set of <c>orrery gen metrics</c>.</summary>
/// <param name="Series">Active series over all workers (each a Prometheus series: a histogram's buckets, sum and count are 8).</param>
/// <param name="Churn">Fraction of the series replaced by new ones (a new <c>series_id</c>) after each round, 0–1.</param>
public sealed record MetricsShapeOptions(int Series = 1_000, double Churn = 0)
{
    public void Validate()
    {
        if (Series < 1) throw new ArgumentException($"series must be >= 1, not {Series}");
        if (Churn is < 0 or > 1 || double.IsNaN(Churn)) throw new ArgumentException($"churn must be between 0 and 1, not {Churn}");
    }
}
