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
/// dropped when every sampler that knows it dropped it, and undecided otherwise.
/// </remarks>
public sealed class TraceDecisionRegistry : ITraceDecisions
{
    private static readonly ConditionalWeakTable<PipelineContext, TraceDecisionRegistry> Registries = new();

    private readonly Lock _lock = new();
    private (string Id, ITraceDecisions Decisions, IDisposable Subscription)[] _samplers = [];
    private ITraceDecisionListener[] _listeners = [];

    public static TraceDecisionRegistry For(PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Registries.GetValue(context, static _ => new TraceDecisionRegistry());
    }

    public int Count => Volatile.Read(ref _samplers).Length;

    /// <summary>Adds a sampler under its component id; dispose the result to remove it.</summary>
    public IDisposable Register(string componentId, ITraceDecisions sampler)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        var forward = new Forwarder(this);
        var subscription = sampler.Subscribe(forward);
        lock (_lock) _samplers = [.. _samplers, (componentId, sampler, subscription)];
        return new Registration(this, sampler);
    }

    /// <summary>One sampler by id, or all of them (null): what a component's <c>sampler</c> setting names.</summary>
    public ITraceDecisions View(string? componentId) => componentId is null ? this : new Named(this, componentId);

    public bool? IsKept(string tenant, TraceId traceId)
    {
        var samplers = Volatile.Read(ref _samplers);
        if (samplers.Length == 0) return true;
        var undecided = false;
        foreach (var (_, decisions, _) in samplers)
        {
            switch (decisions.IsKept(tenant, traceId))
            {
                case true: return true;
                case null: undecided = true; break;
            }
        }
        return undecided ? null : false;
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
            foreach (var s in _samplers)
            {
                if (ReferenceEquals(s.Decisions, sampler)) subscription = s.Subscription;
            }
            _samplers = _samplers.Where(s => !ReferenceEquals(s.Decisions, sampler)).ToArray();
        }
        subscription?.Dispose();
    }

    private ITraceDecisions? Find(string id)
    {
        foreach (var s in Volatile.Read(ref _samplers))
        {
            if (s.Id == id) return s.Decisions;
        }
        return null;
    }

    private sealed class Forwarder(TraceDecisionRegistry registry) : ITraceDecisionListener
    {
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
