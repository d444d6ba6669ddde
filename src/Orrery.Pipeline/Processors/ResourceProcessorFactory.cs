using Orrery.Pipeline.Components;
using Orrery.Pipeline.Processors.Attributes;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors;

/// <summary>
/// <c>resource</c>: runs <see cref="AttributeAction"/>s on resource attributes of spans; on log
/// stream labels (where a log's resource went). Metrics carry their resource as series labels
/// (job, instance, promoted attributes), so on metrics it edits series labels like <c>attributes</c>.
/// </summary>
public sealed class ResourceProcessorFactory : ITraceProcessorFactory, IMetricProcessorFactory, ILogProcessorFactory
{
    public string Type => "resource";

    public void Validate(ComponentSettings settings) => AttributeAction.ParseAll(settings);

    public ITraceConsumer CreateTraces(ComponentSettings settings, ITraceConsumer next, PipelineContext context)
    {
        var apply = AttributeActionList.ApplyAll(AttributeAction.ParseAll(settings));
        return new EditingTraceProcessor(batch => AttributeTables.EditResourceAttributes(batch, apply), next);
    }

    public IMetricConsumer CreateMetrics(ComponentSettings settings, IMetricConsumer next, PipelineContext context)
    {
        var apply = AttributeActionList.ApplyAll(AttributeAction.ParseAll(settings));
        return new EditingMetricProcessor(batch => AttributeTables.EditSeriesLabels(batch, apply), next);
    }

    public ILogConsumer CreateLogs(ComponentSettings settings, ILogConsumer next, PipelineContext context)
    {
        var apply = AttributeActionList.ApplyAll(AttributeAction.ParseAll(settings));
        return new EditingLogProcessor(batch => AttributeTables.EditStreamLabels(batch, apply), next);
    }
}
