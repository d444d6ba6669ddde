using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Configuration;

/// <summary>
/// Hands a batch to several consumers (pipelines sharing a receiver, exporters of one pipeline).
/// Consumers that only read (<see cref="IReadOnlyTraceConsumer"/>) share the batch and run
/// first, all at once; then the others run, each on its own copy except the last, which gets
/// the original. All are awaited before the first failure is rethrown: the caller acknowledges
/// only when every consumer has the data, and a refusal by any of them lets the client retry.
/// </summary>
internal sealed class TraceFanOut : ITraceConsumer
{
    private readonly ITraceConsumer[] _readers;
    private readonly ITraceConsumer[] _owners;

    public TraceFanOut(IReadOnlyList<ITraceConsumer> consumers)
    {
        _readers = consumers.Where(c => c is IReadOnlyTraceConsumer).ToArray();
        _owners = consumers.Where(c => c is not IReadOnlyTraceConsumer).ToArray();
    }

    public async ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
    {
        var first = await RunAllAsync(_readers, tenant, batch, shareBatch: true, cancellationToken).ConfigureAwait(false);
        // Copies are taken after the readers are done with the batch; the owners may change theirs.
        var ownersFailure = await RunAllAsync(_owners, tenant, batch, shareBatch: false, cancellationToken).ConfigureAwait(false);
        first ??= ownersFailure;
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
    }

    private static async ValueTask<Exception?> RunAllAsync(ITraceConsumer[] consumers, string tenant, SpanBatch batch, bool shareBatch, CancellationToken cancellationToken)
    {
        if (consumers.Length == 0) return null;
        var pending = new ValueTask[consumers.Length];
        for (var i = 0; i < consumers.Length; i++)
        {
            var own = shareBatch || i == consumers.Length - 1 ? batch : BatchClone.Copy(batch);
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
        return first;
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

/// <summary>A fan-out whose consumers all only read: it only reads too, so a fan-out above it shares the batch with it.</summary>
internal sealed class ReadOnlyTraceFanOut(IReadOnlyList<ITraceConsumer> consumers) : IReadOnlyTraceConsumer
{
    private readonly TraceFanOut _inner = new(consumers);

    public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default) =>
        _inner.ConsumeAsync(tenant, batch, cancellationToken);
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
        var originalReleased = false;
        for (var i = 0; i < pending.Length; i++)
        {
            try
            {
                var result = await pending[i].ConfigureAwait(false);
                if (worst is null || result.RejectedSamples + result.RejectedExemplars > worst.Value.RejectedSamples + worst.Value.RejectedExemplars) worst = result;
                if (i == pending.Length - 1) originalReleased = result.BatchReleased;
            }
            catch (Exception e)
            {
                first ??= e;
            }
        }
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        // The others got copies: whether the caller's batch is free is the last consumer's answer.
        return worst!.Value with { BatchReleased = originalReleased };
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
    public static ITraceConsumer Of(IReadOnlyList<ITraceConsumer> consumers) =>
        consumers.Count == 1 ? consumers[0]
        : consumers.All(c => c is IReadOnlyTraceConsumer) ? new ReadOnlyTraceFanOut(consumers)
        : new TraceFanOut(consumers);

    public static IMetricConsumer Of(IReadOnlyList<IMetricConsumer> consumers) => consumers.Count == 1 ? consumers[0] : new MetricFanOut(consumers);

    public static ILogConsumer Of(IReadOnlyList<ILogConsumer> consumers) => consumers.Count == 1 ? consumers[0] : new LogFanOut(consumers);
}
