using System.Buffers;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors.Filtering;

/// <summary>
/// Drops matching spans (with their events and links) and matching span events. A batch with
/// nothing dropped is passed on as it is; a batch left empty is not passed on at all, and the
/// caller's await completes at once (dropping is the configured outcome, not a failure).
/// </summary>
internal sealed class TraceFilterProcessor(FilterRules rules, ITraceConsumer next, FilterMetrics metrics) : ITraceConsumer
{
    public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var count = batch.Count;
        var keep = ArrayPool<bool>.Shared.Rent(Math.Max(count, 1));
        try
        {
            var kept = count;
            if (rules.Span.Count > 0)
            {
                var span = new SpanTarget { Batch = batch };
                for (var i = 0; i < count; i++)
                {
                    span.Row = i;
                    keep[i] = !FilterRules.AnyMatches(rules.Span, span);
                    if (!keep[i]) kept--;
                }
                metrics.Dropped("span", count - kept);
            }
            else
            {
                keep.AsSpan(0, count).Fill(true);
            }
            if (kept == 0) return count == 0 ? next.ConsumeAsync(tenant, batch, cancellationToken) : ValueTask.CompletedTask;
            if (rules.SpanEvent.Count > 0) DropEvents(batch, keep.AsSpan(0, count));
            var forwarded = kept == count ? batch : BatchSubset.Spans(batch, keep.AsSpan(0, count));
            return next.ConsumeAsync(tenant, forwarded, cancellationToken);
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(keep);
        }
    }

    // Compacts each kept span's events within its own range; rows left behind are unreferenced.
    private void DropEvents(SpanBatch batch, ReadOnlySpan<bool> keep)
    {
        var target = new SpanEventTarget { Batch = batch };
        long dropped = 0;
        for (var s = 0; s < keep.Length; s++)
        {
            ref var span = ref batch.Spans[s];
            if (!keep[s] || span.Events.Count == 0) continue;
            target.SpanRow = s;
            var write = span.Events.Start;
            for (var e = span.Events.Start; e < span.Events.End; e++)
            {
                target.EventRow = e;
                if (FilterRules.AnyMatches(rules.SpanEvent, target)) continue;
                if (write != e) batch.Events[write] = batch.Events[e];
                write++;
            }
            dropped += span.Events.End - write;
            span.Events = new RowRange(span.Events.Start, write - span.Events.Start);
        }
        metrics.Dropped("span_event", dropped);
    }
}
