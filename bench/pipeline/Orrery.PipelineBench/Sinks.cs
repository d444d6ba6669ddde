using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.PipelineBench;

/// <summary>Counts derived metric samples and drops them: the benchmark measures the trace path, not the TSDB.</summary>
internal sealed class CountingMetricSink : IMetricConsumer
{
    private long _samples;

    public long Samples => Interlocked.Read(ref _samples);

    public ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
    {
        Interlocked.Add(ref _samples, batch.SampleCount);
        return ValueTask.FromResult(MetricWriteResult.AllAccepted(batch));
    }
}

/// <summary>Counts spans and drops them: the memory run must not pay for storing what it releases at the end.</summary>
internal sealed class CountingTraceSink : ITraceConsumer
{
    private long _spans;

    public long Spans => Interlocked.Read(ref _spans);

    public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
    {
        Interlocked.Add(ref _spans, batch.Count);
        return ValueTask.CompletedTask;
    }
}
