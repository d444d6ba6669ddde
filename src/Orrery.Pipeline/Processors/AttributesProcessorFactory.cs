using Orrery.Pipeline.Components;
using Orrery.Pipeline.Processors.Attributes;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors;

/// <summary>
/// <c>attributes</c>: runs <see cref="AttributeAction"/>s, in order, on span attributes; on metric
/// series labels; on log records' structured metadata.
/// </summary>
public sealed class AttributesProcessorFactory : ITraceProcessorFactory, IMetricProcessorFactory, ILogProcessorFactory
{
    public string Type => "attributes";

    public void Validate(ComponentSettings settings) => AttributeAction.ParseAll(settings);

    public ITraceConsumer CreateTraces(ComponentSettings settings, ITraceConsumer next, PipelineContext context)
    {
        var apply = AttributeActionList.ApplyAll(AttributeAction.ParseAll(settings));
        return new EditingTraceProcessor(batch => AttributeTables.EditSpanAttributes(batch, apply), next);
    }

    public IMetricConsumer CreateMetrics(ComponentSettings settings, IMetricConsumer next, PipelineContext context)
    {
        var apply = AttributeActionList.ApplyAll(AttributeAction.ParseAll(settings));
        return new EditingMetricProcessor(batch => AttributeTables.EditSeriesLabels(batch, apply), next);
    }

    public ILogConsumer CreateLogs(ComponentSettings settings, ILogConsumer next, PipelineContext context)
    {
        var apply = AttributeActionList.ApplyAll(AttributeAction.ParseAll(settings));
        return new EditingLogProcessor(batch => AttributeTables.EditRecordMetadata(batch, apply), next);
    }
}
