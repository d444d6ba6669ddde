using Orrery.Signals;

namespace Orrery.Storage.Traces;

/// <summary>
/// What a query needs from storage: a time range and the span conditions storage may use to
/// skip data (time range, service, name, duration and attribute equality push down well).
/// </summary>
/// <param name="Range">Traces with a span starting in this range are candidates.</param>
/// <param name="Conditions">Span-level predicates, used only to skip data.</param>
/// <param name="AllConditions">
/// True when a span must satisfy every condition (AND), so storage may skip data where any one
/// cannot hold; false when satisfying one is enough (OR), so it may skip only where none can.
/// </param>
public sealed record FetchSpansRequest(
    TimeRange Range,
    IReadOnlyList<SpanCondition> Conditions,
    bool AllConditions = true)
{
    public static FetchSpansRequest ForRange(TimeRange range) => new(range, Array.Empty<SpanCondition>());
}

/// <summary>The spans of one trace within one storage part.</summary>
/// <param name="Batch">The batch holding the spans; shared, read-only.</param>
/// <param name="Rows">Row numbers of this trace's spans in <paramref name="Batch"/>.</param>
public readonly record struct TraceSpans(TraceId TraceId, Signals.Traces.SpanBatch Batch, ReadOnlyMemory<int> Rows);
