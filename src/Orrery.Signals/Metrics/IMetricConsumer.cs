namespace Orrery.Signals.Metrics;

/// <summary>
/// The contract between metrics stages (receiver → pipeline → TSDB), as
/// <see cref="Traces.ITraceConsumer"/> is for spans. Unlike spans, metric writes are refused
/// sample by sample (out of order beyond the window, a cardinality limit): the rest of the
/// batch is kept and the result says what was refused and why.
/// </summary>
public interface IMetricConsumer
{
    /// <summary>
    /// Takes ownership of <paramref name="batch"/>, handing it back only when the result says
    /// <see cref="MetricWriteResult.BatchReleased"/>. Completes once the accepted samples are
    /// durable (in the write-ahead log) and queryable. Throws
    /// <see cref="ConsumerRejectedException"/> when the whole batch is refused (e.g. overload,
    /// retryable) and <see cref="OperationCanceledException"/> on cancellation.
    /// </summary>
    ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default);
}

/// <summary>
/// What became of a batch. Rejected counts cover float and histogram samples (and, separately,
/// exemplars); <see cref="ErrorMessage"/> names the first few reasons (metric, limit or
/// window) and is null when nothing was rejected.
/// </summary>
public readonly record struct MetricWriteResult(int AcceptedSamples, int RejectedSamples, int RejectedExemplars, string? ErrorMessage)
{
    /// <summary>
    /// True when no stage holds the batch (nor its rows or arena) any longer, so the caller may
    /// clear and reuse it: a receiver then keeps its request batches instead of allocating each
    /// one anew (large-object-heap arrays for a big request). Only a final consumer that copies
    /// what it keeps (the metric store) says so; a stage that passes the batch on passes its
    /// next stage's answer back unchanged; anything else leaves it false, the safe answer.
    /// </summary>
    public bool BatchReleased { get; init; }

    public static MetricWriteResult AllAccepted(MetricBatch batch) => new(batch.SampleCount, 0, 0, null);
}
