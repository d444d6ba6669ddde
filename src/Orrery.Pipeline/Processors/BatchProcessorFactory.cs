using Orrery.Pipeline.Components;
using Orrery.Pipeline.Processors.Batching;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors;

/// <summary><c>batch</c>: merges small batches per tenant (see <see cref="BatchSettings"/> and <see cref="Batcher{TBatch, TResult}"/>).</summary>
public sealed class BatchProcessorFactory : ITraceProcessorFactory, IMetricProcessorFactory, ILogProcessorFactory
{
    public string Type => "batch";

    public void Validate(ComponentSettings settings) => BatchSettings.Parse(settings);

    public ITraceConsumer CreateTraces(ComponentSettings settings, ITraceConsumer next, PipelineContext context) =>
        new TraceBatchProcessor(new Batcher<SpanBatch, bool>(BatchSettings.Parse(settings), new SpanBatchOps(next), context.Time));

    public IMetricConsumer CreateMetrics(ComponentSettings settings, IMetricConsumer next, PipelineContext context) =>
        new MetricBatchProcessor(new Batcher<MetricBatch, MetricWriteResult>(BatchSettings.Parse(settings), new MetricBatchOps(next), context.Time));

    public ILogConsumer CreateLogs(ComponentSettings settings, ILogConsumer next, PipelineContext context) =>
        new LogBatchProcessor(new Batcher<LogBatch, LogWriteResult>(BatchSettings.Parse(settings), new LogBatchOps(next), context.Time));

    private sealed class TraceBatchProcessor(Batcher<SpanBatch, bool> batcher) : ITraceConsumer, IAsyncDisposable
    {
        public async ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default) =>
            await batcher.AddAsync(tenant, batch, cancellationToken).ConfigureAwait(false);

        public ValueTask DisposeAsync() => batcher.DisposeAsync();
    }

    private sealed class MetricBatchProcessor(Batcher<MetricBatch, MetricWriteResult> batcher) : IMetricConsumer, IAsyncDisposable
    {
        public ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default) =>
            batcher.AddAsync(tenant, batch, cancellationToken);

        public ValueTask DisposeAsync() => batcher.DisposeAsync();
    }

    private sealed class LogBatchProcessor(Batcher<LogBatch, LogWriteResult> batcher) : ILogConsumer, IAsyncDisposable
    {
        public ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default) =>
            batcher.AddAsync(tenant, batch, cancellationToken);

        public ValueTask DisposeAsync() => batcher.DisposeAsync();
    }
}
