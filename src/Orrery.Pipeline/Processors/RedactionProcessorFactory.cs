using Orrery.Pipeline.Components;
using Orrery.Pipeline.Processors.Attributes;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors;

/// <summary>
/// <c>redaction</c>: keeps only allowed attribute keys and masks blocked values (see
/// <see cref="Redactor"/>) in span attributes; in log records' metadata and lines; in metric
/// series labels (<c>__name__</c> always kept).
/// </summary>
public sealed class RedactionProcessorFactory : ITraceProcessorFactory, IMetricProcessorFactory, ILogProcessorFactory
{
    private static readonly byte[] MetricName = "__name__"u8.ToArray();

    public string Type => "redaction";

    public void Validate(ComponentSettings settings) => Redactor.Parse(settings);

    public ITraceConsumer CreateTraces(ComponentSettings settings, ITraceConsumer next, PipelineContext context)
    {
        var redactor = Redactor.Parse(settings);
        return new EditingTraceProcessor(batch => AttributeTables.EditSpanAttributes(batch, redactor.Apply), next);
    }

    public IMetricConsumer CreateMetrics(ComponentSettings settings, IMetricConsumer next, PipelineContext context)
    {
        // Summary labels would add series (and dotted names are not valid label names): no summary on metrics.
        var redactor = Redactor.Parse(settings, alwaysAllowed: [MetricName], silent: true);
        return new EditingMetricProcessor(batch => AttributeTables.EditSeriesLabels(batch, redactor.Apply), next);
    }

    public ILogConsumer CreateLogs(ComponentSettings settings, ILogConsumer next, PipelineContext context)
    {
        var redactor = Redactor.Parse(settings);
        return new EditingLogProcessor(batch =>
        {
            AttributeTables.EditRecordMetadata(batch, redactor.Apply);
            for (var i = 0; i < batch.Records.Count; i++)
            {
                ref var record = ref batch.Records[i];
                if (redactor.MaskText(batch.Utf8(record.Line)) is { } masked) record.Line = batch.Bytes.Append(masked);
            }
        }, next);
    }
}
