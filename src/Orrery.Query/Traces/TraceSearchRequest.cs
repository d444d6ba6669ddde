using Orrery.Signals;
using Orrery.Storage.Traces;

namespace Orrery.Query.Traces;

/// <summary>A Tempo tag search: span conditions (AND) plus trace-level duration bounds.</summary>
/// <param name="Range">Traces with a span starting in this range are searched.</param>
/// <param name="Conditions">One span of a trace must satisfy all of them.</param>
/// <param name="MinDurationNanos">Inclusive lower bound on the whole trace's duration.</param>
/// <param name="MaxDurationNanos">Inclusive upper bound on the whole trace's duration.</param>
/// <param name="Limit">Most traces returned, newest first.</param>
public sealed record TraceSearchRequest(
    TimeRange Range,
    IReadOnlyList<SpanCondition> Conditions,
    long MinDurationNanos = 0,
    long MaxDurationNanos = long.MaxValue,
    int Limit = TraceSearchRequest.DefaultLimit)
{
    /// <summary>Tempo's default page size for search.</summary>
    public const int DefaultLimit = 20;
}

/// <summary>One found trace, as Tempo's search lists it.</summary>
public sealed record TraceSummary(
    TraceId TraceId,
    string RootServiceName,
    string RootTraceName,
    long StartUnixNano,
    long DurationNanos,
    int SpanCount,
    int MatchedSpans);

/// <summary>The traces found, newest first, and how much was looked at to find them.</summary>
/// <param name="Truncated">True when the scan stopped at the searcher's trace bound before the end of the range.</param>
public sealed record TraceSearchResult(IReadOnlyList<TraceSummary> Traces, long InspectedTraces, long InspectedSpans, bool Truncated = false);
