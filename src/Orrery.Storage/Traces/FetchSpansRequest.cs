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

    /// <summary>
    /// The span fields the caller reads. Storage may leave the others at their defaults in the
    /// rows it yields (block storage then decodes only those columns); trace id, span id and
    /// start time are always filled. <see cref="SpanFields.All"/> (the default) fills every field.
    /// </summary>
    public SpanFields Fields { get; init; } = SpanFields.All;

    /// <summary>When set, storage adds what it skipped, evaluated and decoded (for benchmarks and diagnostics).</summary>
    public FetchStatistics? Statistics { get; init; }
}

/// <summary>Span fields a reader may ask for (<see cref="FetchSpansRequest.Fields"/>).</summary>
[Flags]
public enum SpanFields
{
    /// <summary>Trace id, span id and start time only.</summary>
    Identity = 0,
    Name = 1,
    /// <summary>The end time (so the duration).</summary>
    Duration = 2,
    KindAndStatus = 4,
    /// <summary>The instrumentation scope and through it the resource and its attributes.</summary>
    Scope = 8,
    ParentSpanId = 16,
    /// <summary>Everything else: span attributes, events, links, status message, trace state, flags, dropped counts.</summary>
    Rest = 32,
    All = Name | Duration | KindAndStatus | Scope | ParentSpanId | Rest,
}

/// <summary>Counters one fetch adds to; thread-safe.</summary>
public sealed class FetchStatistics
{
    private long _pagesSkipped;
    private long _spansSkipped;
    private long _spansEvaluated;
    private long _spansDecoded;

    /// <summary>Spans of pages (or blocks) skipped from their index summaries alone.</summary>
    public long SpansSkipped => Interlocked.Read(ref _spansSkipped);

    public long PagesSkipped => Interlocked.Read(ref _pagesSkipped);

    /// <summary>Spans whose encoded columns the conditions were evaluated on.</summary>
    public long SpansEvaluated => Interlocked.Read(ref _spansEvaluated);

    /// <summary>Spans assembled into rows.</summary>
    public long SpansDecoded => Interlocked.Read(ref _spansDecoded);

    public void AddSkipped(long pages, long spans)
    {
        Interlocked.Add(ref _pagesSkipped, pages);
        Interlocked.Add(ref _spansSkipped, spans);
    }

    public void AddEvaluated(long spans) => Interlocked.Add(ref _spansEvaluated, spans);

    public void AddDecoded(long spans) => Interlocked.Add(ref _spansDecoded, spans);
}

/// <summary>The spans of one trace within one storage part.</summary>
/// <param name="Batch">The batch holding the spans; shared, read-only.</param>
/// <param name="Rows">Row numbers of this trace's spans in <paramref name="Batch"/>.</param>
public readonly record struct TraceSpans(TraceId TraceId, Signals.Traces.SpanBatch Batch, ReadOnlyMemory<int> Rows);
