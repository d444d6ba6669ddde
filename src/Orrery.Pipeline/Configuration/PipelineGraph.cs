using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Configuration;

/// <summary>What one receiver calls: per signal, the entry of every pipeline listing it (fanned out); null when no pipeline of that signal lists it.</summary>
public sealed record ReceiverConsumers(ITraceConsumer? Traces, IMetricConsumer? Metrics, ILogConsumer? Logs)
{
    public static readonly ReceiverConsumers None = new(null, null, null);
}

/// <summary>
/// The running pipelines of one configuration. Receivers call <see cref="For"/>'s consumers;
/// <see cref="DisposeAsync"/> flushes and stops every component, entry side first, so data held
/// in a batch processor reaches the exporters before they stop. The terminals (stores) are not
/// disposed: their owner stops them after the graph.
/// </summary>
public sealed class PipelineGraph : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, ReceiverConsumers> _receivers;
    private readonly IReadOnlyList<object> _components;
    private int _disposed;

    internal PipelineGraph(IReadOnlyDictionary<string, ReceiverConsumers> receivers, IReadOnlyList<object> componentsInStopOrder)
    {
        _receivers = receivers;
        _components = componentsInStopOrder;
    }

    /// <summary>
    /// The consumers for a receiver type (<see cref="ReceiverTypes"/>; aliases such as
    /// <c>prometheus_remote_write</c> are accepted). A receiver type no pipeline lists gets
    /// <see cref="ReceiverConsumers.None"/>: it should not listen, or refuse what arrives.
    /// </summary>
    public ReceiverConsumers For(string receiverType)
    {
        var canonical = ReceiverTypes.Canonical(receiverType);
        return canonical is not null && _receivers.TryGetValue(canonical, out var consumers) ? consumers : ReceiverConsumers.None;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await StopAll(_components).ConfigureAwait(false);
    }

    internal static async ValueTask StopAll(IReadOnlyList<object> components)
    {
        List<Exception>? errors = null;
        foreach (var component in components)
        {
            try
            {
                if (component is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                else if (component is IDisposable disposable) disposable.Dispose();
            }
            catch (Exception e)
            {
                (errors ??= []).Add(e);
            }
        }
        if (errors is not null) throw new AggregateException("stopping pipeline components failed", errors);
    }
}
