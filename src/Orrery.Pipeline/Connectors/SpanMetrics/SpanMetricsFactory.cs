using Orrery.Pipeline.Components;
using Orrery.Pipeline.Sampling;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Connectors.SpanMetrics;

/// <summary>Creates <c>spanmetrics</c> connectors; exemplars follow the config's tail samplers (or the one named by <c>sampler</c>).</summary>
public sealed class SpanMetricsFactory : ITracesToMetricsConnectorFactory
{
    public string Type => "spanmetrics";

    public void Validate(ComponentSettings settings) => SpanMetricsSettings.Parse(settings);

    public ITraceConsumer CreateTracesToMetrics(ComponentSettings settings, IMetricConsumer metrics, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parsed = SpanMetricsSettings.Parse(settings);
        return new SpanMetricsConnector(parsed, metrics, TraceDecisionRegistry.For(context).View(parsed.Sampler), context, settings.Id);
    }
}
