using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors.Limits;

/// <summary>Runs an admission check (which throws to refuse) before passing a batch on unchanged.</summary>
internal sealed class AdmissionTraceProcessor(Action admit, ITraceConsumer next) : ITraceConsumer
{
    public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
    {
        admit();
        return next.ConsumeAsync(tenant, batch, cancellationToken);
    }
}

internal sealed class AdmissionMetricProcessor(Action admit, IMetricConsumer next) : IMetricConsumer
{
    public ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
    {
        admit();
        return next.ConsumeAsync(tenant, batch, cancellationToken);
    }
}

internal sealed class AdmissionLogProcessor(Action admit, ILogConsumer next) : ILogConsumer
{
    public ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default)
    {
        admit();
        return next.ConsumeAsync(tenant, batch, cancellationToken);
    }
}
