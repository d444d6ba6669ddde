using System.Runtime.CompilerServices;
using System.Text;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Query.TraceQL.Engine;

/// <summary>
/// TraceQL search over <see cref="ITraceReader"/>. The range is searched in time windows, newest
/// first; in each, storage yields candidate parts of traces (skipping data with the pushed-down
/// conditions) and cheap per-span predicates run on the part's rows before any trace is assembled:
/// <list type="bullet">
/// <item>a span-local query (one filter over span fields) decides a trace as soon as one span of
/// one part matches;</item>
/// <item>any other query keeps, per trace, a bit per necessary condition (see
/// <see cref="TraceQLEvaluator.NecessaryMask"/>); only a trace with every bit set is assembled
/// whole (<see cref="ITraceReader.FindTrace"/>) and evaluated exactly.</item>
/// </list>
/// As Tempo does, the search stops as soon as <c>limit</c> traces are found, and answers those newest
/// first: the newest of what was inspected. With the hint <c>with (most_recent=true)</c> the current
/// window is finished before stopping, so the answer is the newest matches at window granularity
/// (blocks are ordered by trace id, not time, so a window holding a block is read whole).
/// Matching traces are then read whole and evaluated for their spansets.
/// </summary>
public sealed partial class TraceQLSearcher(ITraceReader reader, TraceQLSearchOptions? options = null)
{
    private readonly TraceQLSearchOptions _options = options ?? TraceQLSearchOptions.Default;
    private readonly ITraceReader _reader = reader;

    public TraceQLSearchResult Search(string tenant, TraceQLQuery query, TraceQLSearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(request);
        var evaluator = TraceQLEvaluator.Compile(query);
        var mostRecent = query.Hints.Any(h => h.Name == "most_recent" && h.Value is { Type: StaticType.Boolean, Int: not 0 });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.EffectiveTimeout);
        try
        {
            return Run(tenant, evaluator, request, mostRecent, new Deadline(_options.EffectiveTimeout, timeout.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimeLimit();
        }
    }

    private TraceQLLimitException TimeLimit() => new(
        $"search exceeded the time limit of {_options.EffectiveTimeout.TotalSeconds:0.#}s; narrow the time range or add conditions");

    /// <summary>Cancellation plus a clock check, so that the time limit holds even between timer ticks.</summary>
    private readonly struct Deadline(TimeSpan limit, CancellationToken token)
    {
        private readonly long _start = System.Diagnostics.Stopwatch.GetTimestamp();

        public CancellationToken Token => token;

        public void Check()
        {
            token.ThrowIfCancellationRequested();
            if (System.Diagnostics.Stopwatch.GetElapsedTime(_start) >= limit) throw new OperationCanceledException();
        }
    }

    private TraceQLSearchResult Run(string tenant, TraceQLEvaluator evaluator, TraceQLSearchRequest request, bool mostRecent, Deadline deadline)
    {
        if (_options.UseColumnarSearch && _reader.SupportsColumnarSearch && evaluator.ColumnarSearchRequest(request.Range) is { } columnar) return RunColumnar(tenant, evaluator, columnar, request, mostRecent, deadline);
        var scan = new Scan(this, tenant, evaluator, deadline) { StopAt = mostRecent ? int.MaxValue : request.Limit };
        foreach (var window in Windows(request.Range, _options.Windows))
        {
            scan.Window(window);
            if (scan.Found.Count >= request.Limit) break;
        }

        // Newest first by what the scan saw of each trace; then read the chosen ones whole, in one
        // read per storage page rather than one lookup per trace.
        scan.Found.Sort(static (a, b) => b.Start != a.Start ? b.Start.CompareTo(a.Start) : a.Id.CompareTo(b.Id));
        var traces = new List<FoundTrace>();
        for (var next = 0; next < scan.Found.Count && traces.Count < request.Limit;)
        {
            // A chosen trace may fail on the whole trace (duration bounds), so read more until the limit is met.
            var chosen = scan.Found.Skip(next).Take(request.Limit - traces.Count).Select(f => f.Id).ToList();
            next += chosen.Count;
            deadline.Check();
            var wholes = _reader.FindTraces(tenant, chosen, TimeRange.All);
            foreach (var id in chosen)
            {
                if (wholes.TryGetValue(id, out var batch) && Describe(evaluator, ViewOf(batch, id), id, request) is { } trace) traces.Add(trace);
            }
        }
        traces.Sort(static (a, b) => b.StartUnixNano != a.StartUnixNano ? b.StartUnixNano.CompareTo(a.StartUnixNano) : a.TraceId.CompareTo(b.TraceId));
        return new TraceQLSearchResult(traces, scan.InspectedTraces, scan.InspectedSpans, scan.InspectedBytes);
    }

    /// <summary>Equal windows from the end of the range backwards; an open range is one window.</summary>
    internal static IEnumerable<TimeRange> Windows(TimeRange range, int count)
    {
        if (count <= 1 || range.StartUnixNano == long.MinValue || range.EndUnixNano == long.MaxValue
            || range.EndUnixNano - range.StartUnixNano < count)
        {
            yield return range;
            yield break;
        }
        var width = (long)Math.Ceiling(((decimal)range.EndUnixNano - range.StartUnixNano + 1) / count);
        var end = range.EndUnixNano;
        for (var i = 0; i < count && end >= range.StartUnixNano; i++)
        {
            var start = i == count - 1 ? range.StartUnixNano : Math.Max(range.StartUnixNano, end - width + 1);
            yield return new TimeRange(start, end);
            end = start - 1;
        }
    }

    /// <summary>Reads a matching trace whole and lists its spansets; null if it no longer matches (or fails the duration bounds).</summary>
    private static FoundTrace? Describe(TraceQLEvaluator evaluator, TraceView? view, TraceId id, TraceQLSearchRequest request)
    {
        if (view is not { } trace) return null;
        var batch = trace.Batch;
        var duration = trace.EndUnixNano - trace.StartUnixNano;
        if (duration < request.MinDurationNanos || duration > request.MaxDurationNanos) return null;
        var sets = evaluator.Run(trace);
        if (sets.Count == 0) return null;

        var spansets = new List<FoundSpanset>(sets.Count);
        foreach (var set in sets)
        {
            var spans = new List<FoundSpan>();
            foreach (var local in set.Spans)
            {
                if (spans.Count >= request.SpansPerSpanset) break;
                spans.Add(DescribeSpan(evaluator, trace, local));
            }
            var attributes = set.Attributes.Select(a => new FoundAttribute(a.Key, a.Value)).ToList();
            spansets.Add(new FoundSpanset(spans, set.Spans.Count, attributes));
        }
        string rootService, rootName;
        if (trace.Root >= 0)
        {
            var root = trace.Rows[trace.Root];
            rootName = batch.String(batch.Spans[root].Name);
            rootService = Encoding.UTF8.GetString(batch.ServiceName(root));
        }
        else
        {
            rootName = string.Empty;
            rootService = Traces.TraceSearcher.RootSpanNotYetReceived;
        }
        return new FoundTrace(id, rootService, rootName, trace.StartUnixNano, duration, spansets);
    }

    /// <summary>The rows of trace <paramref name="id"/> in a batch read for it.</summary>
    private static TraceView? ViewOf(SpanBatch batch, TraceId id)
    {
        var rows = new List<int>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch.Spans[i].TraceId == id) rows.Add(i);
        }
        return rows.Count == 0 ? null : new TraceView(batch, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows));
    }

    private static FoundSpan DescribeSpan(TraceQLEvaluator evaluator, TraceView trace, int local)
    {
        var batch = trace.Batch;
        ref var span = ref batch.Spans[trace.Rows[local]];
        var attributes = new List<FoundAttribute>();
        foreach (var field in evaluator.ShownFields)
        {
            if (evaluator.ReadShown(field, batch, trace, local) is not { } value) continue;
            var key = field switch
            {
                AttributeExpr a => a.Name,
                IntrinsicExpr i => Intrinsics.CanonicalName(i.Intrinsic),
                _ => field.ToString(),
            };
            if (!attributes.Exists(x => x.Key == key)) attributes.Add(new FoundAttribute(key, value));
        }
        return new FoundSpan(span.SpanId, batch.String(span.Name), span.StartUnixNano, span.DurationNano, attributes);
    }

    /// <summary>The state of one search's scan over storage parts.</summary>
    private sealed class Scan(TraceQLSearcher owner, string tenant, TraceQLEvaluator evaluator, Deadline deadline)
    {
        private readonly HashSet<TraceId> _decided = [];
        private readonly Dictionary<TraceId, (int Mask, long Start)> _partial = [];
        private readonly int _allBits = (1 << evaluator.NecessaryConditionCount) - 1;
        private readonly TraceQLSearchOptions _options = owner._options;
        private readonly List<(TraceId Id, long Start)> _candidates = [];

        /// <summary>Candidates are read whole this many at a time: one read per page for all of them.</summary>
        private const int CandidateBatch = 256;

        public List<(TraceId Id, long Start)> Found { get; } = [];

        /// <summary>Stop reading storage once this many traces are found.</summary>
        public int StopAt { get; init; } = int.MaxValue;

        public long InspectedTraces { get; private set; }

        public long InspectedSpans { get; private set; }

        public long InspectedBytes { get; private set; }

        public void Window(TimeRange window)
        {
            var fetch = evaluator.FetchRequest(window);
            foreach (var part in owner._reader.FetchTraces(tenant, fetch, deadline.Token))
            {
                deadline.Check();
                if (_decided.Contains(part.TraceId)) continue;
                var rows = part.Rows.Span;
                InspectedTraces++;
                InspectedSpans += rows.Length;
                if (InspectedSpans > _options.MaxInspectedSpans)
                {
                    throw new TraceQLLimitException(
                        $"search inspected more than {_options.MaxInspectedSpans} spans; narrow the time range or add conditions");
                }
                InspectedBytes += RowBytes(part.Batch, rows);
                if (evaluator.IsSpanLocal) ScanLocal(part, rows);
                else ScanForCandidates(part, rows);
                if (_candidates.Count >= CandidateBatch) DecideCandidates();
                if (Found.Count >= StopAt) return;
            }
            DecideCandidates();
        }

        /// <summary>Reads the pending candidates whole (structure needs every span, whatever the range) and evaluates them.</summary>
        private void DecideCandidates()
        {
            if (_candidates.Count == 0) return;
            deadline.Check();
            var wholes = owner._reader.FindTraces(tenant, _candidates.ConvertAll(c => c.Id), TimeRange.All);
            foreach (var (id, start) in _candidates)
            {
                if (Found.Count >= StopAt) break;
                if (wholes.TryGetValue(id, out var batch) && ViewOf(batch, id) is { } whole && evaluator.Run(whole).Count > 0) Found.Add((id, start));
            }
            _candidates.Clear();
        }

        private void ScanLocal(TraceSpans part, ReadOnlySpan<int> rows)
        {
            var batch = part.Batch;
            foreach (var row in rows)
            {
                if (!evaluator.MatchesSpan(batch, row)) continue;
                _decided.Add(part.TraceId);
                Found.Add((part.TraceId, MinStart(batch, rows)));
                return;
            }
        }

        private void ScanForCandidates(TraceSpans part, ReadOnlySpan<int> rows)
        {
            var batch = part.Batch;
            var mask = _partial.TryGetValue(part.TraceId, out var seen) ? seen.Mask : 0;
            foreach (var row in rows)
            {
                if (mask == _allBits) break;
                mask |= evaluator.NecessaryMask(batch, row);
            }
            var start = Math.Min(seen.Start == 0 ? long.MaxValue : seen.Start, MinStart(batch, rows));
            if (mask != _allBits)
            {
                if (mask == 0 && seen.Mask == 0 && _allBits != 0) return;
                if (!_partial.ContainsKey(part.TraceId) && _partial.Count >= _options.MaxTrackedTraces)
                {
                    throw new TraceQLLimitException(
                        $"search needed to hold more than {_options.MaxTrackedTraces} partly matching traces; narrow the time range or add conditions");
                }
                _partial[part.TraceId] = (mask, start);
                return;
            }

            // Every necessary condition holds somewhere in the trace: decide it on the whole trace.
            _partial.Remove(part.TraceId);
            _decided.Add(part.TraceId);
            _candidates.Add((part.TraceId, start));
        }

        private static long MinStart(SpanBatch batch, ReadOnlySpan<int> rows)
        {
            var min = long.MaxValue;
            foreach (var row in rows) min = Math.Min(min, batch.Spans[row].StartUnixNano);
            return min;
        }

        public static long RowBytes(SpanBatch batch, ReadOnlySpan<int> rows)
        {
            long attributes = 0;
            foreach (var row in rows) attributes += batch.Spans[row].Attributes.Count;
            return (rows.Length * (long)Unsafe.SizeOf<SpanRow>()) + (attributes * Unsafe.SizeOf<KeyValueRow>());
        }
    }
}
