using System.Diagnostics.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Traces;

/// <summary>
/// Counts spans that downstream accepted (stored) or refused, after the fact: a batch counts
/// as stored only once the next consumer completed, i.e. once it is durable.
/// </summary>
public sealed class SpanCountingProcessor(ITraceConsumer next, PipelineMetrics metrics) : ITraceConsumer
{
    public async ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // Read before handing over: the batch belongs to the next consumer afterwards.
        var spans = batch.Count;
        try
        {
            await next.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            metrics.Refused.Add(spans);
            throw;
        }
        metrics.Stored.Add(spans);
    }
}

/// <summary>The pipeline's instruments, on the <c>Orrery.Pipeline</c> meter (exported at /metrics).</summary>
public sealed class PipelineMetrics : IDisposable
{
    private readonly Meter _meter = new("Orrery.Pipeline");

    public PipelineMetrics()
    {
        Stored = _meter.CreateCounter<long>("orrery_spans_stored", "spans", "Spans durably accepted by the store.");
        Refused = _meter.CreateCounter<long>("orrery_spans_refused", "spans", "Spans the store refused or failed to write.");
    }

    public Counter<long> Stored { get; }

    public Counter<long> Refused { get; }

    public void Dispose() => _meter.Dispose();
}
