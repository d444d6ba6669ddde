using Orrery.Signals;

namespace Orrery.Storage.Traces;

/// <summary>
/// A span-local search storage may answer over its columns (<see cref="ITraceReader.SearchSpans"/>):
/// find the traces with a span that satisfies every one of <see cref="Fetch"/>'s conditions and a
/// span starting in its range, and describe each without building rows: its bounds, its root, and
/// each matching span with the <see cref="Shown"/> fields.
/// </summary>
/// <param name="Fetch">
/// The range and the conditions. As for <see cref="SpanAggregateRequest"/>, the conditions are the
/// whole filter (AND): storage describes only traces it can decide exactly and yields the rest.
/// </param>
/// <param name="Shown">
/// Fields read for each matching span: span, resource or unscoped attributes (the span's, else its
/// resource's), and the intrinsics status and kind.
/// </param>
public sealed record SpanSearchRequest(FetchSpansRequest Fetch, IReadOnlyList<AttributeRef> Shown);

/// <summary>One span of a <see cref="TraceMatch"/> that satisfied the conditions.</summary>
/// <param name="Shown">
/// One entry per <see cref="SpanSearchRequest.Shown"/> field: null when the span has no such field
/// (or its value is empty); <see cref="StaticKind.None"/> when it is bytes, an array or a key-value list.
/// Status and kind carry the OTLP code in <see cref="StaticValue.Int"/>.
/// </param>
public sealed record SpanMatch(SpanId SpanId, string Name, long StartUnixNano, long DurationNanos, StaticValue?[] Shown);

/// <summary>A whole trace storage found and described over its columns.</summary>
/// <param name="StartUnixNano">The earliest start of any of its spans.</param>
/// <param name="EndUnixNano">The latest end of any of its spans.</param>
/// <param name="LatestStartInRange">The latest start of its spans inside the request's range.</param>
/// <param name="RootName">The name of its first span without a parent; null when it has none.</param>
/// <param name="RootServiceName">That span's resource <c>service.name</c> (empty when it has none).</param>
/// <param name="Spans">Its spans that satisfy the conditions, in storage order (start time, span id).</param>
public sealed record TraceMatch(
    TraceId TraceId,
    long StartUnixNano,
    long EndUnixNano,
    long LatestStartInRange,
    string? RootName,
    string RootServiceName,
    IReadOnlyList<SpanMatch> Spans);

/// <summary>Receives what <see cref="ITraceReader.SearchSpans"/> found over columns; called on the enumerating thread.</summary>
public abstract class SpanSearchSink
{
    /// <summary>A trace found and described whole; storage yields none of its spans as parts.</summary>
    public abstract void Add(TraceMatch trace);

    /// <summary>Work done over columns (traces and spans looked at, decompressed column bytes).</summary>
    public virtual void AddInspected(long traces, long spans, long bytes)
    {
    }

    /// <summary>Asked between pages: false stops the search (what was not looked at is neither added nor yielded).</summary>
    public virtual bool Continue() => true;
}
