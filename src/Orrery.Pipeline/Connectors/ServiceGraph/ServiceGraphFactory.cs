using Orrery.Pipeline.Components;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Connectors.ServiceGraph;

/// <summary>Creates <c>servicegraph</c> connectors.</summary>
public sealed class ServiceGraphFactory : ITracesToMetricsConnectorFactory
{
    public string Type => "servicegraph";

    public void Validate(ComponentSettings settings) => ServiceGraphSettings.Parse(settings);

    public ITraceConsumer CreateTracesToMetrics(ComponentSettings settings, IMetricConsumer metrics, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ServiceGraphConnector(ServiceGraphSettings.Parse(settings), metrics, context, settings.Id);
    }
}
