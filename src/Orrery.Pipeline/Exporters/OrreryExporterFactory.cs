using Orrery.Pipeline.Components;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Exporters;

/// <summary>
/// <c>orrery</c>: the local store. The stores are the terminals handed to the builder, so this
/// exporter is the store itself, with no queue of its own: a caller's await completes when the
/// store made the data durable.
/// </summary>
public sealed class OrreryExporterFactory : ITraceExporterFactory, IMetricExporterFactory, ILogExporterFactory
{
    public string Type => "orrery";

    public void Validate(ComponentSettings settings) => settings.RejectUnknownKeys();

    public ITraceConsumer CreateTracesExporter(ComponentSettings settings, PipelineTerminals terminals, PipelineContext context) =>
        terminals.Traces ?? throw new PipelineConfigException($"{settings.Id}: this process has no trace store", settings.Line);

    public IMetricConsumer CreateMetricsExporter(ComponentSettings settings, PipelineTerminals terminals, PipelineContext context) =>
        terminals.Metrics ?? throw new PipelineConfigException($"{settings.Id}: this process has no metric store", settings.Line);

    public ILogConsumer CreateLogsExporter(ComponentSettings settings, PipelineTerminals terminals, PipelineContext context) =>
        terminals.Logs ?? throw new PipelineConfigException($"{settings.Id}: this process has no log store", settings.Line);
}
