using Orrery.Signals.Logs;

namespace Orrery.Pipeline.Processors.Filtering;

/// <summary>Drops log records matching <c>log_record</c> conditions; dropped lines count as accepted, not rejected.</summary>
internal sealed class LogFilterProcessor(FilterRules rules, ILogConsumer next, FilterMetrics metrics) : ILogConsumer
{
    public async ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var keep = new bool[batch.Count];
        var target = new LogTarget { Batch = batch };
        var dropped = 0;
        for (var i = 0; i < keep.Length; i++)
        {
            target.Row = i;
            keep[i] = !FilterRules.AnyMatches(rules.LogRecord, target);
            if (!keep[i]) dropped++;
        }
        metrics.Dropped("log_record", dropped);
        if (dropped == 0) return await next.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
        if (dropped == keep.Length) return new LogWriteResult(dropped, 0, null);
        var result = await next.ConsumeAsync(tenant, BatchSubset.Logs(batch, keep), cancellationToken).ConfigureAwait(false);
        return result with { AcceptedLines = result.AcceptedLines + dropped };
    }
}
