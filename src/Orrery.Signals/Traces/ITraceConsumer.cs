namespace Orrery.Signals.Traces;

/// <summary>
/// The contract between stages (receiver → pipeline → store), as in the OpenTelemetry
/// Collector's <c>consumer.Traces</c>: a stage hands a batch to the next and awaits it.
/// </summary>
public interface ITraceConsumer
{
    /// <summary>
    /// Takes ownership of <paramref name="batch"/> (the caller must not touch it afterwards).
    /// Completes when the batch is durably accepted downstream; completing is what lets a
    /// receiver acknowledge the export. Throws <see cref="OperationCanceledException"/> on
    /// cancellation and <see cref="ConsumerRejectedException"/> when downstream refuses it.
    /// </summary>
    ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default);
}
