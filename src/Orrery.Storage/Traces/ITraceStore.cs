using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces;

/// <summary>
/// The one boundary between the query engines and trace storage. Embedded storage and the
/// ClickHouse backend both implement it; every call is scoped to one tenant.
/// </summary>
public interface ITraceReader
{
    /// <summary>
    /// All stored spans of one trace whose start lies in <paramref name="range"/>, each
    /// (trace id, span id) once however often it was sent; null when there are none.
    /// </summary>
    SpanBatch? FindTrace(string tenant, TraceId traceId, TimeRange range);

    /// <summary>
    /// <see cref="FindTrace"/> for several traces at once: one entry per trace that has spans,
    /// each batch holding that trace's spans only. Storage may serve traces that share a page
    /// with one read of it; the default asks <see cref="FindTrace"/> for each.
    /// </summary>
    IReadOnlyDictionary<TraceId, SpanBatch> FindTraces(string tenant, IReadOnlyCollection<TraceId> traceIds, TimeRange range)
    {
        ArgumentNullException.ThrowIfNull(traceIds);
        var found = new Dictionary<TraceId, SpanBatch>();
        foreach (var id in traceIds)
        {
            if (!found.ContainsKey(id) && FindTrace(tenant, id, range) is { } batch) found[id] = batch;
        }
        return found;
    }

    /// <summary>
    /// Candidate traces for a search, one storage part at a time (the head, or a block): the
    /// same trace id may be yielded by several parts and callers merge them. Each item holds all
    /// of that trace's spans in that part. The request's conditions only let storage skip data:
    /// it may drop a part or trace only if no span in it can satisfy them, and it still yields
    /// spans that do not match, so the caller evaluates the conditions itself.
    /// </summary>
    IEnumerable<TraceSpans> FetchTraces(string tenant, FetchSpansRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Metrics over columns: counts into <paramref name="into"/> the spans storage can decide
    /// exactly (<see cref="SpanAggregateRequest"/>) and yields, like <see cref="FetchTraces"/>, the
    /// parts it could not (the caller evaluates those span by span). Every span is either counted
    /// or yielded, never both. The default counts nothing and yields everything.
    /// </summary>
    IEnumerable<TraceSpans> AggregateSpans(string tenant, SpanAggregateRequest request, SpanAggregation into, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return FetchTraces(tenant, request.Fetch, cancellationToken);
    }

    /// <summary>
    /// True when <see cref="SearchSpans"/> may describe traces over columns. When false, callers
    /// keep their row-by-row search (which can stop earlier, window by window). The default is false.
    /// </summary>
    bool SupportsColumnarSearch => false;

    /// <summary>
    /// Span-local search over columns: hands <paramref name="into"/> each trace storage can decide
    /// and describe exactly (<see cref="SpanSearchRequest"/>) and yields, like
    /// <see cref="FetchTraces"/>, the parts of the others (the caller evaluates those span by span).
    /// Every trace is either added or yielded, never both; newest data is searched first where
    /// storage can tell. The default adds nothing and yields everything.
    /// </summary>
    IEnumerable<TraceSpans> SearchSpans(string tenant, SpanSearchRequest request, SpanSearchSink into, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return FetchTraces(tenant, request.Fetch, cancellationToken);
    }

    /// <summary>Distinct attribute names seen in the range, by scope, at most <paramref name="limit"/>.</summary>
    IReadOnlyCollection<string> TagNames(string tenant, AttributeScope scope, TimeRange range, int limit);

    /// <summary>Distinct values of one attribute or intrinsic seen in the range, at most <paramref name="limit"/>.</summary>
    IReadOnlyCollection<TagValue> TagValues(string tenant, AttributeRef tag, TimeRange range, int limit);
}

/// <summary>A trace store that is started (WAL replayed) before use and flushed on dispose.</summary>
/// <remarks>
/// <see cref="ITraceConsumer.ConsumeAsync"/> completes only once the batch is in the write-ahead
/// log under the configured sync policy, and the spans are queryable from that moment.
/// </remarks>
public interface ITraceStore : ITraceConsumer, ITraceReader, IAsyncDisposable
{
    /// <summary>Replays the write-ahead log and opens blocks; reads and writes wait for it.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>True once <see cref="StartAsync"/> has finished.</summary>
    bool IsReady { get; }

    /// <summary>Sizes for Orrery's own /metrics.</summary>
    TraceStoreStats GetStats();
}

/// <summary>Point-in-time storage sizes.</summary>
public readonly record struct TraceStoreStats(
    long WalBytes,
    long BlockBytes,
    int BlockCount,
    long HeadSpans,
    long BlockSpans);
