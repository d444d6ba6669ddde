using System.Threading.Channels;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Tests.Scrape;

/// <summary>Keeps every batch written, in order, for a test to take one at a time.</summary>
public sealed class RecordingMetricConsumer : IMetricConsumer
{
    private readonly Channel<(string Tenant, MetricBatch Batch)> _batches = Channel.CreateUnbounded<(string, MetricBatch)>();

    public ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
    {
        _batches.Writer.TryWrite((tenant, batch));
        return ValueTask.FromResult(MetricWriteResult.AllAccepted(batch));
    }

    /// <summary>The next batch written; the timeout only keeps a broken test from hanging.</summary>
    public async Task<MetricBatch> NextAsync() => (await _batches.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30))).Batch;

    public bool TryTake(out MetricBatch? batch)
    {
        var taken = _batches.Reader.TryRead(out var item);
        batch = taken ? item.Batch : null;
        return taken;
    }
}
