using Orrery.Signals;

namespace Orrery.Pipeline.Sampling;

/// <summary>
/// What a tail sampler decided about traces, for components that must agree with it: span
/// metrics attach exemplars only from kept traces ("exemplars always resolve"), and the
/// <c>trace_follow</c> logs processor keeps a record only when its trace is kept.
/// </summary>
public interface ITraceDecisions
{
    /// <summary>
    /// True when the trace is kept, false when it is dropped, null when it is not decided yet
    /// or no longer remembered (decisions live in a bounded cache).
    /// </summary>
    bool? IsKept(string tenant, TraceId traceId);

    /// <summary>
    /// Calls <paramref name="listener"/> after every round of decisions, once the decisions are
    /// visible through <see cref="IsKept"/>. Dispose the result to stop.
    /// </summary>
    IDisposable Subscribe(ITraceDecisionListener listener);
}

/// <summary>Receives decisions as they are made. Called outside the sampler's lock; must not block.</summary>
public interface ITraceDecisionListener
{
    void OnDecided(ReadOnlySpan<TraceDecision> decisions);
}

/// <summary>
/// A listener that only passes decisions on (the registry's forwarder) and may have nobody to
/// pass them to: a sampler whose listeners all have nobody skips collecting its decisions.
/// </summary>
internal interface IRelayingTraceDecisionListener : ITraceDecisionListener
{
    bool HasListeners { get; }
}

/// <summary>One decided trace.</summary>
public readonly record struct TraceDecision(string Tenant, TraceId TraceId, bool Kept);
