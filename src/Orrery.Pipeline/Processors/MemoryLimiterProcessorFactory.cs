using Orrery.Pipeline.Components;
using Orrery.Pipeline.Processors.Limits;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors;

/// <summary>
/// <c>memory_limiter</c>: refuses new data with a retryable error while memory use is above the
/// soft limit. Put it first in a pipeline, so refused data costs as little as possible. Data
/// already accepted is never dropped: refusal happens before anything downstream sees the batch.
/// </summary>
public sealed class MemoryLimiterProcessorFactory : ITraceProcessorFactory, IMetricProcessorFactory, ILogProcessorFactory
{
    public string Type => "memory_limiter";

    public void Validate(ComponentSettings settings) => MemoryLimiterSettings.Parse(settings);

    public ITraceConsumer CreateTraces(ComponentSettings settings, ITraceConsumer next, PipelineContext context)
    {
        var limiter = Create(settings, context);
        return new AdmissionTraceProcessor(limiter.Admit, next);
    }

    public IMetricConsumer CreateMetrics(ComponentSettings settings, IMetricConsumer next, PipelineContext context)
    {
        var limiter = Create(settings, context);
        return new AdmissionMetricProcessor(limiter.Admit, next);
    }

    public ILogConsumer CreateLogs(ComponentSettings settings, ILogConsumer next, PipelineContext context)
    {
        var limiter = Create(settings, context);
        return new AdmissionLogProcessor(limiter.Admit, next);
    }

    private static MemoryLimiter Create(ComponentSettings settings, PipelineContext context) =>
        new(MemoryLimiterSettings.Parse(settings), context, settings.Id);
}
