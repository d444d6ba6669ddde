using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;

namespace Orrery.Query.TraceQL.Engine;

/// <summary>A TraceQL search: <c>/api/search?q=…&amp;start&amp;end&amp;limit&amp;spss</c>.</summary>
/// <param name="Range">Traces with a span starting in this range are searched.</param>
/// <param name="Limit">Most traces returned, newest first.</param>
/// <param name="SpansPerSpanset">Most spans listed per spanset (Tempo's <c>spss</c>); <c>matched</c> counts them all.</param>
/// <param name="MinDurationNanos">Inclusive lower bound on the whole trace's duration.</param>
/// <param name="MaxDurationNanos">Inclusive upper bound on the whole trace's duration.</param>
public sealed record TraceQLSearchRequest(
    TimeRange Range,
    int Limit = 20,
    int SpansPerSpanset = TraceQLSearchRequest.DefaultSpansPerSpanset,
    long MinDurationNanos = 0,
    long MaxDurationNanos = long.MaxValue)
{
    /// <summary>Tempo's default <c>spss</c>.</summary>
    public const int DefaultSpansPerSpanset = 3;
}

/// <summary>Bounds on one search's work; past them the search fails with <see cref="TraceQLLimitException"/>.</summary>
/// <param name="MaxInspectedSpans">Spans read from storage, over all parts.</param>
/// <param name="Timeout">Wall-clock time for the whole search.</param>
/// <param name="MaxTrackedTraces">Traces held in memory while their parts are combined (structural and trace-level queries).</param>
/// <param name="Windows">The range is searched in this many time windows, newest first, so that <c>limit</c> stops work early.</param>
public sealed record TraceQLSearchOptions(
    long MaxInspectedSpans = 200_000_000,
    TimeSpan? Timeout = null,
    int MaxTrackedTraces = 2_000_000,
    int Windows = 8)
{
    public static TraceQLSearchOptions Default { get; } = new();

    /// <summary>
    /// Let storage find and describe span-local matches over its columns
    /// (<see cref="Storage.Traces.ITraceReader.SearchSpans"/>); off, every search reads span rows
    /// window by window (for comparisons).
    /// </summary>
    public bool UseColumnarSearch { get; init; } = true;

    public TimeSpan EffectiveTimeout => Timeout ?? TimeSpan.FromSeconds(60);
}

/// <summary>A search stopped at one of <see cref="TraceQLSearchOptions"/>' bounds; the message says which and what to do.</summary>
public sealed class TraceQLLimitException(string message) : Exception(message);

/// <summary>One attribute of a returned span or spanset: key as Tempo shows it (no scope), typed value.</summary>
public readonly record struct FoundAttribute(string Key, StaticValue Value);

public sealed record FoundSpan(
    Signals.SpanId SpanId,
    string Name,
    long StartUnixNano,
    long DurationNanos,
    IReadOnlyList<FoundAttribute> Attributes);

/// <param name="Matched">How many spans matched; <see cref="Spans"/> lists at most <c>spss</c> of them.</param>
public sealed record FoundSpanset(IReadOnlyList<FoundSpan> Spans, int Matched, IReadOnlyList<FoundAttribute> Attributes);

public sealed record FoundTrace(
    TraceId TraceId,
    string RootServiceName,
    string RootTraceName,
    long StartUnixNano,
    long DurationNanos,
    IReadOnlyList<FoundSpanset> Spansets);

/// <summary>The traces found, newest first, and how much was looked at to find them.</summary>
/// <param name="InspectedBytes">Row bytes of the spans and attributes evaluated (in memory, not on disk).</param>
public sealed record TraceQLSearchResult(
    IReadOnlyList<FoundTrace> Traces,
    long InspectedTraces,
    long InspectedSpans,
    long InspectedBytes);
