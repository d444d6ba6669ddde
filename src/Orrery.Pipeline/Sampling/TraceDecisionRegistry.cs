using System.Runtime.CompilerServices;
using Orrery.Pipeline.Components;
using Orrery.Signals;

namespace Orrery.Pipeline.Sampling;

/// <summary>
/// The tail samplers of one pipeline configuration, so span metrics and the <c>trace_follow</c>
/// logs processor can ask them about traces without being wired to them by hand. One registry
/// per <see cref="PipelineContext"/>: every component built from one config shares the context.
/// Samplers register when created and leave when disposed (a reload builds a new set).
/// </summary>
/// <remarks>
/// As an <see cref="ITraceDecisions"/> the registry answers for all samplers together: with no
/// sampler every trace is kept (nothing samples); a trace is kept when any sampler kept it,
/// undecided while a running sampler has not decided it, and dropped otherwise.
/// A disposed sampler is retired, not forgotten: it still answers for the traces it decided, so
/// a connector flushing after the sampler stopped (the graph stops the entry side first) does
/// not mistake "no sampler any more" for "every trace kept". The last <see cref="MaxRetired"/>
/// retired samplers are kept.
/// </remarks>
public sealed class TraceDecisionRegistry : ITraceDecisions
{
    private static readonly ConditionalWeakTable<PipelineContext, TraceDecisionRegistry> Registries = new();

    private readonly Lock _lock = new();
    private const int MaxRetired = 2;

    private (string Id, ITraceDecisions Decisions, IDisposable Subscription, bool Retired)[] _samplers = [];
    private ITraceDecisionListener[] _listeners = [];

    public static TraceDecisionRegistry For(PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Registries.GetValue(context, static _ => new TraceDecisionRegistry());
    }

    /// <summary>Running (not retired) samplers.</summary>
    public int Count => Volatile.Read(ref _samplers).Count(s => !s.Retired);

    /// <summary>The registered samplers (tests drive their decision rounds).</summary>
    internal IEnumerable<ITraceDecisions> Samplers => Volatile.Read(ref _samplers).Select(s => s.Decisions);

    /// <summary>Adds a sampler under its component id; dispose the result to remove it.</summary>
    public IDisposable Register(string componentId, ITraceDecisions sampler)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        var forward = new Forwarder(this);
        var subscription = sampler.Subscribe(forward);
        lock (_lock) _samplers = [.. _samplers, (componentId, sampler, subscription, false)];
        return new Registration(this, sampler);
    }

    /// <summary>One sampler by id, or all of them (null): what a component's <c>sampler</c> setting names.</summary>
    public ITraceDecisions View(string? componentId) => componentId is null ? this : new Named(this, componentId);

    public bool? IsKept(string tenant, TraceId traceId)
    {
        bool undecided = false, dropped = false;
        foreach (var (_, decisions, _, retired) in Volatile.Read(ref _samplers))
        {
            switch (decisions.IsKept(tenant, traceId))
            {
                case true: return true;
                case false: dropped = true; break;
                // A retired sampler that never saw the trace has no say in it.
                case null when !retired: undecided = true; break;
            }
        }
        return undecided ? null : !dropped;
    }

    public IDisposable Subscribe(ITraceDecisionListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_lock) _listeners = [.. _listeners, listener];
        return new Unsubscriber(this, listener);
    }

    private void Remove(ITraceDecisions sampler)
    {
        IDisposable? subscription = null;
        lock (_lock)
        {
            var samplers = _samplers.ToList();
            var i = samplers.FindIndex(s => ReferenceEquals(s.Decisions, sampler) && !s.Retired);
            if (i < 0) return;
            subscription = samplers[i].Subscription;
            samplers[i] = samplers[i] with { Retired = true };
            while (samplers.Count(s => s.Retired) > MaxRetired) samplers.RemoveAt(samplers.FindIndex(s => s.Retired));
            _samplers = samplers.ToArray();
        }
        subscription?.Dispose();
    }

    private ITraceDecisions? Find(string id)
    {
        // The running sampler of that id first, else the most recently retired one.
        var samplers = Volatile.Read(ref _samplers);
        foreach (var s in samplers)
        {
            if (s.Id == id && !s.Retired) return s.Decisions;
        }
        return samplers.LastOrDefault(s => s.Id == id).Decisions;
    }

    private sealed class Forwarder(TraceDecisionRegistry registry) : IRelayingTraceDecisionListener
    {
        public bool HasListeners => Volatile.Read(ref registry._listeners).Length > 0;

        public void OnDecided(ReadOnlySpan<TraceDecision> decisions)
        {
            foreach (var l in Volatile.Read(ref registry._listeners)) l.OnDecided(decisions);
        }
    }

    private sealed class Registration(TraceDecisionRegistry registry, ITraceDecisions sampler) : IDisposable
    {
        public void Dispose() => registry.Remove(sampler);
    }

    private sealed class Unsubscriber(TraceDecisionRegistry registry, ITraceDecisionListener listener) : IDisposable
    {
        public void Dispose()
        {
            lock (registry._lock) registry._listeners = registry._listeners.Where(l => !ReferenceEquals(l, listener)).ToArray();
        }
    }

    /// <summary>A sampler looked up at each call, so it may be created after the component asking.</summary>
    private sealed class Named(TraceDecisionRegistry registry, string id) : ITraceDecisions
    {
        public bool? IsKept(string tenant, TraceId traceId) => registry.Find(id)?.IsKept(tenant, traceId);

        // Decisions of other samplers wake the listener too; it asks IsKept, which only this one answers.
        public IDisposable Subscribe(ITraceDecisionListener listener) => registry.Subscribe(listener);
    }
}
