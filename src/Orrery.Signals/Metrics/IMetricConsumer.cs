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
    /// Takes ownership of <paramref name="batch"/>. Completes once the accepted samples are
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
    public static MetricWriteResult AllAccepted(MetricBatch batch) => new(batch.SampleCount, 0, 0, null);
}
