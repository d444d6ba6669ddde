using Orrery.Signals.Traces;

namespace Orrery.Query.Traces;

/// <summary>
/// Decides whether one span is a match. Tag search compiles its conditions into one
/// (<see cref="SpanConditionFilter"/>); a TraceQL engine plugs in its own spanset filter here.
/// </summary>
/// <remarks>Implementations must be safe to call from one thread per search and must not allocate per span.</remarks>
public interface ISpanFilter
{
    bool Matches(SpanBatch batch, int row);
}
