using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors.Attributes;

/// <summary>Edits an owned batch in place, then passes it on; the edit picks the table (span attributes, resource attributes, …).</summary>
internal sealed class EditingTraceProcessor(Action<SpanBatch> edit, ITraceConsumer next) : ITraceConsumer
{
    public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        edit(batch);
        return next.ConsumeAsync(tenant, batch, cancellationToken);
    }
}

internal sealed class EditingMetricProcessor(Action<MetricBatch> edit, IMetricConsumer next) : IMetricConsumer
{
    public ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        edit(batch);
        return next.ConsumeAsync(tenant, batch, cancellationToken);
    }
}

internal sealed class EditingLogProcessor(Action<LogBatch> edit, ILogConsumer next) : ILogConsumer
{
    public ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        edit(batch);
        return next.ConsumeAsync(tenant, batch, cancellationToken);
    }
}

internal static class AttributeActionList
{
    public static Action<IAttributeEditor> ApplyAll(IReadOnlyList<AttributeAction> actions) => editor =>
    {
        for (var i = 0; i < actions.Count; i++) actions[i].Apply(editor);
    };
}
