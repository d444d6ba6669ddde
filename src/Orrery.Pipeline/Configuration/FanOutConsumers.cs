using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Configuration;

/// <summary>
/// Hands a batch to several consumers (pipelines sharing a receiver, exporters of one pipeline).
/// Each gets its own copy, the last one the original. All run concurrently and all are awaited
/// before the first failure is rethrown: the caller acknowledges only when every consumer has
/// the data, and a refusal by any of them lets the client retry.
/// </summary>
internal sealed class TraceFanOut(IReadOnlyList<ITraceConsumer> consumers) : ITraceConsumer
{
    public async ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
    {
        var pending = new ValueTask[consumers.Count];
        for (var i = 0; i < consumers.Count; i++)
        {
            var own = i == consumers.Count - 1 ? batch : BatchClone.Copy(batch);
            pending[i] = Start(consumers[i], tenant, own, cancellationToken);
        }
        Exception? first = null;
        foreach (var task in pending)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                first ??= e;
            }
        }
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }

    // A consumer that throws synchronously must not stop the others from starting.
    private static ValueTask Start(ITraceConsumer consumer, string tenant, SpanBatch batch, CancellationToken ct)
    {
        try
        {
            return consumer.ConsumeAsync(tenant, batch, ct);
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }
}

/// <summary>Fan-out for metrics; the result reported is the one with the most rejected samples (the client should hear about a refusal).</summary>
internal sealed class MetricFanOut(IReadOnlyList<IMetricConsumer> consumers) : IMetricConsumer
{
    public async ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
    {
        var pending = new ValueTask<MetricWriteResult>[consumers.Count];
        for (var i = 0; i < consumers.Count; i++)
        {
            var own = i == consumers.Count - 1 ? batch : BatchClone.Copy(batch);
            pending[i] = Start(consumers[i], tenant, own, cancellationToken);
        }
        Exception? first = null;
        MetricWriteResult? worst = null;
        foreach (var task in pending)
        {
            try
            {
                var result = await task.ConfigureAwait(false);
                if (worst is null || result.RejectedSamples + result.RejectedExemplars > worst.Value.RejectedSamples + worst.Value.RejectedExemplars) worst = result;
            }
            catch (Exception e)
            {
                first ??= e;
            }
        }
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        return worst!.Value;
    }

    private static ValueTask<MetricWriteResult> Start(IMetricConsumer consumer, string tenant, MetricBatch batch, CancellationToken ct)
    {
        try
        {
            return consumer.ConsumeAsync(tenant, batch, ct);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<MetricWriteResult>(e);
        }
    }
}

/// <summary>Fan-out for logs; reports the result with the most rejected lines.</summary>
internal sealed class LogFanOut(IReadOnlyList<ILogConsumer> consumers) : ILogConsumer
{
    public async ValueTask<LogWriteResult> ConsumeAsync(string tenant, LogBatch batch, CancellationToken cancellationToken = default)
    {
        var pending = new ValueTask<LogWriteResult>[consumers.Count];
        for (var i = 0; i < consumers.Count; i++)
        {
            var own = i == consumers.Count - 1 ? batch : BatchClone.Copy(batch);
            pending[i] = Start(consumers[i], tenant, own, cancellationToken);
        }
        Exception? first = null;
        LogWriteResult? worst = null;
        foreach (var task in pending)
        {
            try
            {
                var result = await task.ConfigureAwait(false);
                if (worst is null || result.RejectedLines > worst.Value.RejectedLines) worst = result;
            }
            catch (Exception e)
            {
                first ??= e;
            }
        }
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        return worst!.Value;
    }

    private static ValueTask<LogWriteResult> Start(ILogConsumer consumer, string tenant, LogBatch batch, CancellationToken ct)
    {
        try
        {
            return consumer.ConsumeAsync(tenant, batch, ct);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<LogWriteResult>(e);
        }
    }
}

internal static class FanOut
{
    public static ITraceConsumer Of(IReadOnlyList<ITraceConsumer> consumers) => consumers.Count == 1 ? consumers[0] : new TraceFanOut(consumers);

    public static IMetricConsumer Of(IReadOnlyList<IMetricConsumer> consumers) => consumers.Count == 1 ? consumers[0] : new MetricFanOut(consumers);

    public static ILogConsumer Of(IReadOnlyList<ILogConsumer> consumers) => consumers.Count == 1 ? consumers[0] : new LogFanOut(consumers);
}
