using System.Threading.Channels;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Tests.Scrape;

/// <summary>Keeps every batch written, in order, for a test to take one at a time.</summary>
public sealed class RecordingMetricConsumer : IMetricConsumer
{
    private readonly Channel<(MetricBatch Batch, List<ReadSample> Samples)> _batches = Channel.CreateUnbounded<(MetricBatch, List<ReadSample>)>();

    /// <summary>Answers that each batch is given back, as the metric store does: the writer may then reuse it, so its samples are read when written.</summary>
    public bool Releases { get; init; }

    public ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
    {
        _batches.Writer.TryWrite((batch, BatchReader.Samples(batch)));
        return ValueTask.FromResult(MetricWriteResult.AllAccepted(batch) with { BatchReleased = Releases });
    }

    /// <summary>The next batch written; the timeout only keeps a broken test from hanging.</summary>
    public async Task<MetricBatch> NextAsync() => (await NextWrittenAsync()).Batch;

    /// <summary>The next batch written with its samples as they were when it was written.</summary>
    public async Task<(MetricBatch Batch, List<ReadSample> Samples)> NextWrittenAsync() =>
        await _batches.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public bool TryTake(out MetricBatch? batch)
    {
        var taken = _batches.Reader.TryRead(out var item);
        batch = taken ? item.Batch : null;
        return taken;
    }
}
