using Orrery.Pipeline.Components;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Exporters;

/// <summary>
/// The local stores a pipeline may end in (the <c>orrery</c> exporter). Null means this process
/// has no store for the signal; a pipeline exporting it to <c>orrery</c> then fails to build.
/// </summary>
public sealed record PipelineTerminals(ITraceConsumer? Traces, IMetricConsumer? Metrics, ILogConsumer? Logs);

/// <summary>Creates the last stage of a traces pipeline. One instance per exporter id, shared by the pipelines naming it.</summary>
public interface ITraceExporterFactory : IComponentFactory
{
    ITraceConsumer CreateTracesExporter(ComponentSettings settings, PipelineTerminals terminals, PipelineContext context);
}

public interface IMetricExporterFactory : IComponentFactory
{
    IMetricConsumer CreateMetricsExporter(ComponentSettings settings, PipelineTerminals terminals, PipelineContext context);
}

public interface ILogExporterFactory : IComponentFactory
{
    ILogConsumer CreateLogsExporter(ComponentSettings settings, PipelineTerminals terminals, PipelineContext context);
}
