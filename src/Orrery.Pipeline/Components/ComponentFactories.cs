using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Components;

/// <summary>
/// Creates one kind of component from its settings. Processors are decorators: they receive the
/// consumer they forward to (<c>next</c>). A factory validates its settings in
/// <see cref="Validate"/> (also used by <c>orrery validate</c>) and throws
/// <see cref="PipelineConfigException"/> naming the line.
/// </summary>
public interface IComponentFactory
{
    /// <summary>The type name as it appears in the config (<c>filter</c>, <c>tail_sampling</c>, <c>spanmetrics</c>).</summary>
    string Type { get; }

    void Validate(ComponentSettings settings);
}

public interface ITraceProcessorFactory : IComponentFactory
{
    ITraceConsumer CreateTraces(ComponentSettings settings, ITraceConsumer next, PipelineContext context);
}

public interface IMetricProcessorFactory : IComponentFactory
{
    IMetricConsumer CreateMetrics(ComponentSettings settings, IMetricConsumer next, PipelineContext context);
}

public interface ILogProcessorFactory : IComponentFactory
{
    ILogConsumer CreateLogs(ComponentSettings settings, ILogConsumer next, PipelineContext context);
}

/// <summary>
/// A connector that consumes spans at the end of a traces pipeline and produces metrics into a
/// metrics pipeline (span metrics, service graph), as the collector's connectors do.
/// </summary>
public interface ITracesToMetricsConnectorFactory : IComponentFactory
{
    ITraceConsumer CreateTracesToMetrics(ComponentSettings settings, IMetricConsumer metrics, PipelineContext context);
}
