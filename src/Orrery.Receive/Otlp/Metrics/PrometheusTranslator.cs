using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Otlp.Metrics;

/// <summary>
/// Translates decoded OTLP metrics into Prometheus's model (<see cref="MetricBatch"/>) as the
/// OpenTelemetry "Prometheus and OpenMetrics compatibility" specification says: names with unit
/// and type suffixes (<see cref="PrometheusNames"/>), attributes as labels, <c>job</c> and
/// <c>instance</c> from the resource's service attributes, the other resource attributes on a
/// <c>target_info</c> series, scope name and version as <c>otel_scope_*</c> labels; histograms as
/// <c>_bucket</c>/<c>_sum</c>/<c>_count</c> series, exponential histograms as native histograms,
/// summaries as quantile series, exemplars on the series they belong to, and points flagged
/// "no recorded value" as stale markers. Delta sums and histograms become cumulative through a
/// shared <see cref="DeltaToCumulative"/>.
/// </summary>
/// <remarks>
/// An invalid point (bucket counts that do not fit the bounds, no timestamp, a scale below -4, an
/// unspecified temporality…) is rejected alone and counted in the result; the rest is kept.
/// Thread-safe: each call works on its own state.
/// </remarks>
public sealed class PrometheusTranslator(DeltaToCumulative? deltas = null)
{
    /// <summary>Appends the translation of <paramref name="data"/> to <paramref name="batch"/>.</summary>
    public TranslationResult Translate(string tenant, OtlpMetricsData data, MetricBatch batch)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(batch);
        var run = new PrometheusTranslation(tenant, data, batch, deltas);
        return run.Run();
    }
}
