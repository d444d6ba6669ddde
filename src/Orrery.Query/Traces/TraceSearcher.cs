using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Query.Traces;

/// <summary>
/// Tempo search over <see cref="ITraceReader.FetchTraces"/>. Storage yields candidate traces
/// one part (head or block) at a time, using the conditions only to skip data; this class
/// evaluates the span filter on every span, merges the parts of each trace, and applies the
/// trace-level bounds (duration) that only the merged trace can answer.
/// </summary>
/// <remarks>
/// Merging needs one accumulator per distinct trace (~200 bytes with its root strings), so a
/// search over a busy range is bounded by <paramref name="maxTraces"/>: past it the scan stops
/// and the answer is the best of what was inspected, as Tempo answers once its job limits are
/// reached. <see cref="TraceSearchResult.Truncated"/> says when that happened.
/// </remarks>
public sealed class TraceSearcher(ITraceReader reader, int maxTraces = TraceSearcher.DefaultMaxTraces)
{
    /// <summary>What Tempo reports when a trace's root span has not arrived (yet).</summary>
    public const string RootSpanNotYetReceived = "<root span not yet received>";

    /// <summary>
    /// One million traces (10 million spans at 10 spans per trace) is ~200 MB of accumulators:
    /// large enough that a default Grafana search over an hour of a busy service is exhaustive,
    /// small enough that no search can exhaust the process's memory.
    /// </summary>
    public const int DefaultMaxTraces = 1_000_000;

    public TraceSearchResult Search(string tenant, TraceSearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fetch = new FetchSpansRequest(request.Range, request.Conditions, AllConditions: true);
        return Search(tenant, fetch, new SpanConditionFilter(request.Conditions), request.MinDurationNanos, request.MaxDurationNanos, request.Limit, cancellationToken);
    }

    /// <summary>
    /// The general form a TraceQL engine calls: <paramref name="fetch"/> carries what storage
    /// can push down, <paramref name="filter"/> decides span matches exactly.
    /// </summary>
    public TraceSearchResult Search(
        string tenant,
        FetchSpansRequest fetch,
        ISpanFilter filter,
        long minDurationNanos,
        long maxDurationNanos,
        int limit,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(filter);
        var traces = new Dictionary<TraceId, TraceAccumulator>();
        long inspectedSpans = 0;
        var truncated = false;
        foreach (var part in reader.FetchTraces(tenant, fetch, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!traces.TryGetValue(part.TraceId, out var trace))
            {
                if (traces.Count >= maxTraces)
                {
                    truncated = true;
                    break;
                }
                trace = new TraceAccumulator();
                traces.Add(part.TraceId, trace);
            }
            var rows = part.Rows.Span;
            inspectedSpans += rows.Length;
            foreach (var row in rows) trace.Add(part.Batch, row, filter.Matches(part.Batch, row));
        }

        var found = new List<TraceSummary>();
        foreach (var (traceId, trace) in traces)
        {
            if (trace.MatchedSpans == 0) continue;
            var duration = trace.MaxEnd - trace.MinStart;
            if (duration < minDurationNanos || duration > maxDurationNanos) continue;
            found.Add(trace.ToSummary(traceId));
        }
        found.Sort(static (a, b) => b.StartUnixNano.CompareTo(a.StartUnixNano) is var c && c != 0 ? c : a.TraceId.CompareTo(b.TraceId));
        if (found.Count > limit) found.RemoveRange(limit, found.Count - limit);
        return new TraceSearchResult(found, traces.Count, inspectedSpans, truncated);
    }

    /// <summary>A trace merged over the parts storage yields it in.</summary>
    private sealed class TraceAccumulator
    {
        public long MinStart = long.MaxValue;
        public long MaxEnd = long.MinValue;
        public int SpanCount;
        public int MatchedSpans;
        private string? _rootService;
        private string? _rootName;

        public void Add(SpanBatch batch, int row, bool matched)
        {
            ref var span = ref batch.Spans[row];
            MinStart = Math.Min(MinStart, span.StartUnixNano);
            MaxEnd = Math.Max(MaxEnd, span.EndUnixNano);
            SpanCount++;
            if (matched) MatchedSpans++;
            if (span.ParentSpanId.IsEmpty && _rootName is null)
            {
                // Strings only for the root span: one allocation per trace, not per span.
                _rootName = batch.String(span.Name);
                _rootService = System.Text.Encoding.UTF8.GetString(batch.ServiceName(row));
            }
        }

        public TraceSummary ToSummary(TraceId traceId) => new(
            traceId,
            _rootService ?? RootSpanNotYetReceived,
            _rootName ?? string.Empty,
            MinStart,
            MaxEnd - MinStart,
            SpanCount,
            MatchedSpans);
    }
}
