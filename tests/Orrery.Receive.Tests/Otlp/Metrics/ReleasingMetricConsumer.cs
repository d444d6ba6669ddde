using Orrery.Signals.Metrics;

namespace Orrery.Receive.Tests.Otlp.Metrics;

/// <summary>Reads each batch while it consumes it and gives it back, as the metric store does.</summary>
internal sealed class ReleasingMetricConsumer : IMetricConsumer
{
    public List<MetricBatch> Batches { get; } = [];

    /// <summary>Each call's samples as text, read during the call.</summary>
    public List<List<string>> Seen { get; } = [];

    public ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
    {
        Batches.Add(batch);
        Seen.Add(MetricBatchText.Samples(batch));
        return ValueTask.FromResult(MetricWriteResult.AllAccepted(batch) with { BatchReleased = true });
    }
}
