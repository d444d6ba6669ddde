using Orrery.Pipeline.Components;
using Orrery.Pipeline.Processors.Attributes;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors;

/// <summary>
/// A processor that runs <see cref="AttributeAction"/>s, in order, on one table of attributes per
/// signal; <c>attributes</c> and <c>resource</c> differ only in which tables they edit.
/// </summary>
public abstract class AttributeEditingProcessorFactory : ITraceProcessorFactory, IMetricProcessorFactory, ILogProcessorFactory
{
    public abstract string Type { get; }

    public void Validate(ComponentSettings settings) => AttributeAction.ParseAll(settings);

    public ITraceConsumer CreateTraces(ComponentSettings settings, ITraceConsumer next, PipelineContext context)
    {
        var apply = Actions(settings);
        return new EditingTraceProcessor(batch => EditSpans(batch, apply), next);
    }

    public IMetricConsumer CreateMetrics(ComponentSettings settings, IMetricConsumer next, PipelineContext context)
    {
        var apply = Actions(settings);
        return new EditingMetricProcessor(batch => AttributeTables.EditSeriesLabels(batch, apply), next);
    }

    public ILogConsumer CreateLogs(ComponentSettings settings, ILogConsumer next, PipelineContext context)
    {
        var apply = Actions(settings);
        return new EditingLogProcessor(batch => EditLogs(batch, apply), next);
    }

    /// <summary>Edits the spans' table this processor owns.</summary>
    private protected abstract void EditSpans(SpanBatch batch, Action<IAttributeEditor> apply);

    /// <summary>Edits the logs' table this processor owns. (Metrics carry both as series labels.)</summary>
    private protected abstract void EditLogs(LogBatch batch, Action<IAttributeEditor> apply);

    private static Action<IAttributeEditor> Actions(ComponentSettings settings) =>
        AttributeActionList.ApplyAll(AttributeAction.ParseAll(settings));
}
