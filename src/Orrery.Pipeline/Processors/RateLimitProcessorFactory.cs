using Orrery.Pipeline.Components;
using Orrery.Pipeline.Processors.Limits;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors;

/// <summary>
/// <c>rate_limiter</c>: per-tenant ingestion limits in items/s and bytes/s with bursts (see
/// <see cref="RateLimitSettings"/>). Each pipeline listing it has its own buckets.
/// </summary>
public sealed class RateLimitProcessorFactory : ITraceProcessorFactory, IMetricProcessorFactory, ILogProcessorFactory
{
    public string Type => "rate_limiter";

    public void Validate(ComponentSettings settings) => RateLimitSettings.Parse(settings);

    public ITraceConsumer CreateTraces(ComponentSettings settings, ITraceConsumer next, PipelineContext context) =>
        new RateLimitedTraces(Create(settings, context), next);

    public IMetricConsumer CreateMetrics(ComponentSettings settings, IMetricConsumer next, PipelineContext context) =>
        new RateLimitedMetrics(Create(settings, context), next);

    public ILogConsumer CreateLogs(ComponentSettings settings, ILogConsumer next, PipelineContext context) =>
        new RateLimitedLogs(Create(settings, context), next);

    private static RateLimiter Create(ComponentSettings settings, PipelineContext context) =>
        new(RateLimitSettings.Parse(settings), context, settings.Id);

    private sealed class RateLimitedTraces(RateLimiter limiter, ITraceConsumer next) : ITraceConsumer
    {
        public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
        {
            limiter.Admit(tenant, batch.Count, BatchSize.Bytes(batch));
            return next.ConsumeAsync(tenant, batch, cancellationToken);
        }
    }

    private sealed class RateLimitedMetrics(RateLimiter limiter, IMetricConsumer next) : IMetricConsumer
    {
        public ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
        {
            limiter.Admit(tenant, batch.SampleCount, BatchSize.Bytes(batch));
            return next.ConsumeAsync(tenant, batch, cancellationToken);
        }
    }

    private sealed class RateLimitedLogs(RateLimiter limiter, ILogConsumer next) : ILogConsumer
    {
        public ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default)
        {
            limiter.Admit(tenant, batch.Count, BatchSize.Bytes(batch));
            return next.ConsumeAsync(tenant, batch, cancellationToken);
        }
    }
}
