using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Tests.Otlp.Metrics;

/// <summary>Keeps what it is given and answers as told: a result, or an exception.</summary>
internal sealed class RecordingMetricConsumer : IMetricConsumer
{
    public List<(string Tenant, MetricBatch Batch)> Batches { get; } = [];

    /// <summary>How many samples to refuse (from the end of each batch), and why.</summary>
    public int RejectSamples { get; set; }

    public string? RejectMessage { get; set; }

    public Exception? Throw { get; set; }

    public ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
    {
        if (Throw is not null) throw Throw;
        Batches.Add((tenant, batch));
        var rejected = Math.Min(RejectSamples, batch.SampleCount);
        return ValueTask.FromResult(new MetricWriteResult(batch.SampleCount - rejected, rejected, 0, rejected > 0 ? RejectMessage : null));
    }
}
