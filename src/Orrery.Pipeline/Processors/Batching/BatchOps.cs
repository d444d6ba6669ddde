using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors.Batching;

internal sealed class SpanBatchOps(ITraceConsumer next) : IBatchOps<SpanBatch, bool>
{
    public int Count(SpanBatch batch) => batch.Count;

    public void Append(SpanBatch to, SpanBatch from) => BatchAppend.Append(to, from);

    public IReadOnlyList<SpanBatch> Split(SpanBatch batch, int max) => BatchSplit.Spans(batch, max);

    public async ValueTask<bool> SendAsync(string tenant, SpanBatch batch)
    {
        await next.ConsumeAsync(tenant, batch, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    public bool ResultFor(IReadOnlyList<bool> results, int ownItems) => true;
}

/// <summary>
/// Rejections downstream are per merged batch, not per caller; each caller is told the first error
/// and at most its own count as rejected, so a client never hears all is well when some was refused.
/// </summary>
internal sealed class MetricBatchOps(IMetricConsumer next) : IBatchOps<MetricBatch, MetricWriteResult>
{
    public int Count(MetricBatch batch) => batch.SampleCount;

    public void Append(MetricBatch to, MetricBatch from) => BatchAppend.Append(to, from);

    public IReadOnlyList<MetricBatch> Split(MetricBatch batch, int max) => BatchSplit.Metrics(batch, max);

    public ValueTask<MetricWriteResult> SendAsync(string tenant, MetricBatch batch) => next.ConsumeAsync(tenant, batch, CancellationToken.None);

    public MetricWriteResult ResultFor(IReadOnlyList<MetricWriteResult> results, int ownItems)
    {
        var rejected = 0;
        var rejectedExemplars = 0;
        string? message = null;
        foreach (var r in results)
        {
            rejected += r.RejectedSamples;
            rejectedExemplars += r.RejectedExemplars;
            message ??= r.ErrorMessage;
        }
        var own = Math.Min(rejected, ownItems);
        return new MetricWriteResult(ownItems - own, own, rejectedExemplars, message);
    }
}

internal sealed class LogBatchOps(ILogConsumer next) : IBatchOps<LogBatch, LogWriteResult>
{
    public int Count(LogBatch batch) => batch.Count;

    public void Append(LogBatch to, LogBatch from) => BatchAppend.Append(to, from);

    public IReadOnlyList<LogBatch> Split(LogBatch batch, int max) => BatchSplit.Logs(batch, max);

    public ValueTask<LogWriteResult> SendAsync(string tenant, LogBatch batch) => next.ConsumeAsync(tenant, batch, CancellationToken.None);

    public LogWriteResult ResultFor(IReadOnlyList<LogWriteResult> results, int ownItems)
    {
        var rejected = 0;
        string? message = null;
        foreach (var r in results)
        {
            rejected += r.RejectedLines;
            message ??= r.ErrorMessage;
        }
        var own = Math.Min(rejected, ownItems);
        return new LogWriteResult(ownItems - own, own, message);
    }
}
