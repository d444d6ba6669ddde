using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;
using Orrery.Storage.Traces;
using StorageKind = Orrery.Storage.Traces.StaticKind;
using StorageValue = Orrery.Storage.Traces.StaticValue;

namespace Orrery.Query.TraceQL.Engine;

/// <summary>
/// Span-local searches storage can decide over columns (<see cref="TraceQLEvaluator.ColumnarSearchRequest"/>):
/// one pass over the whole range, head first then blocks newest first, in which storage describes
/// each matching trace from the columns it needs (no span rows, no second read to assemble it);
/// parts it cannot describe come back as rows and take the row path. Each trace is then placed in
/// the window (<see cref="Windows"/>) of its latest span start in range, and the answer is taken
/// window by window, newest first, as the row path does. The pass stops early once the newest
/// window alone holds <c>limit</c> traces (without <c>most_recent</c>).
/// </summary>
public sealed partial class TraceQLSearcher
{
    private TraceQLSearchResult RunColumnar(
        string tenant, TraceQLEvaluator evaluator, SpanSearchRequest columnar, TraceQLSearchRequest request, bool mostRecent, Deadline deadline)
    {
        var windows = Windows(request.Range, _options.Windows).ToList();
        var sink = new Sink(this, request, windows[0].StartUnixNano, mostRecent ? int.MaxValue : request.Limit, deadline);
        var decided = new HashSet<TraceId>();
        var fromRows = new List<(TraceId Id, long Start, long Latest)>();
        long partTraces = 0, partSpans = 0, partBytes = 0;
        foreach (var part in _reader.SearchSpans(tenant, columnar, sink, deadline.Token))
        {
            deadline.Check();
            if (decided.Contains(part.TraceId)) continue;
            var batch = part.Batch;
            var rows = part.Rows.Span;
            partTraces++;
            partSpans += rows.Length;
            partBytes += Scan.RowBytes(batch, rows);
            sink.CheckInspected(partSpans);
            foreach (var row in rows)
            {
                if (!evaluator.MatchesSpan(batch, row)) continue;
                decided.Add(part.TraceId);
                long start = long.MaxValue, latest = long.MinValue;
                foreach (var r in rows)
                {
                    var s = batch.Spans[r].StartUnixNano;
                    start = Math.Min(start, s);
                    if (request.Range.Contains(s)) latest = Math.Max(latest, s);
                }
                fromRows.Add((part.TraceId, start, latest));
                sink.Counted(latest);
                break;
            }
            if (!sink.Continue()) break;
        }

        // Window by window, newest first, until the limit is met; then newest first by start.
        var found = new List<(int Window, long Start, TraceId Id, TraceMatch? Match)>();
        foreach (var m in sink.Matches) found.Add((WindowOf(windows, m.LatestStartInRange), m.StartUnixNano, m.TraceId, m));
        foreach (var (id, start, latest) in fromRows) found.Add((WindowOf(windows, latest), start, id, null));
        found.Sort(static (a, b) => a.Window.CompareTo(b.Window));
        var taken = 0;
        while (taken < found.Count && (taken < request.Limit || (taken > 0 && found[taken].Window == found[taken - 1].Window))) taken++;
        var chosen = found.GetRange(0, taken);
        chosen.Sort(static (a, b) => b.Start != a.Start ? b.Start.CompareTo(a.Start) : a.Id.CompareTo(b.Id));

        var traces = new List<FoundTrace>();
        var pending = new List<TraceId>();
        for (var next = 0; next < chosen.Count && traces.Count < request.Limit;)
        {
            // Described traces are ready; the ones found in rows are read whole, a batch at a time, as the row path does.
            pending.Clear();
            for (; next < chosen.Count && traces.Count + pending.Count < request.Limit; next++)
            {
                if (chosen[next].Match is { } match) traces.Add(Describe(evaluator, match, request));
                else pending.Add(chosen[next].Id);
            }
            if (pending.Count == 0) continue;
            deadline.Check();
            var wholes = _reader.FindTraces(tenant, pending, TimeRange.All);
            foreach (var id in pending)
            {
                if (wholes.TryGetValue(id, out var batch) && Describe(evaluator, ViewOf(batch, id), id, request) is { } trace) traces.Add(trace);
            }
        }
        traces.Sort(static (a, b) => b.StartUnixNano != a.StartUnixNano ? b.StartUnixNano.CompareTo(a.StartUnixNano) : a.TraceId.CompareTo(b.TraceId));
        return new TraceQLSearchResult(traces, sink.Traces + partTraces, sink.Spans + partSpans, sink.Bytes + partBytes);
    }

    /// <summary>Index of the window (newest first) holding <paramref name="start"/>; the last when none does.</summary>
    private static int WindowOf(List<TimeRange> windows, long start)
    {
        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i].Contains(start)) return i;
        }
        return windows.Count - 1;
    }

    /// <summary>A trace storage described: its one spanset (a span-local query has one) with at most <c>spss</c> spans listed.</summary>
    private static FoundTrace Describe(TraceQLEvaluator evaluator, TraceMatch match, TraceQLSearchRequest request)
    {
        var shown = evaluator.ShownFields;
        var spans = new List<FoundSpan>(Math.Min(match.Spans.Count, request.SpansPerSpanset));
        foreach (var span in match.Spans)
        {
            if (spans.Count >= request.SpansPerSpanset) break;
            var attributes = new List<FoundAttribute>();
            for (var f = 0; f < shown.Count; f++)
            {
                if (span.Shown[f] is not { } value) continue;
                var key = shown[f] switch
                {
                    AttributeExpr a => a.Name,
                    IntrinsicExpr i => Intrinsics.CanonicalName(i.Intrinsic),
                    var other => other.ToString(),
                };
                if (!attributes.Exists(x => x.Key == key)) attributes.Add(new FoundAttribute(key, ToStatic(value)));
            }
            spans.Add(new FoundSpan(span.SpanId, span.Name, span.StartUnixNano, span.DurationNanos, attributes));
        }
        return new FoundTrace(
            match.TraceId,
            match.RootName is null ? Traces.TraceSearcher.RootSpanNotYetReceived : match.RootServiceName,
            match.RootName ?? string.Empty,
            match.StartUnixNano,
            match.EndUnixNano - match.StartUnixNano,
            [new FoundSpanset(spans, match.Spans.Count, [])]);
    }

    /// <summary>As <see cref="TqValue.ToStatic"/> shows a span's value: bytes, arrays and lists as nil.</summary>
    private static Syntax.StaticValue ToStatic(StorageValue value) => value.Kind switch
    {
        StorageKind.String => Syntax.StaticValue.OfString(value.String ?? string.Empty),
        StorageKind.Int => Syntax.StaticValue.OfInt(value.Int),
        StorageKind.Double => Syntax.StaticValue.OfFloat(value.Double),
        StorageKind.Bool => Syntax.StaticValue.OfBool(value.Int != 0),
        StorageKind.Status => Syntax.StaticValue.OfStatus((SpanStatusValue)value.Int),
        StorageKind.Kind => Syntax.StaticValue.OfKind((SpanKindValue)value.Int),
        _ => Syntax.StaticValue.Nil,
    };

    /// <summary>Collects what storage describes, keeps the work bounds, and says when the newest window is full.</summary>
    private sealed class Sink(TraceQLSearcher owner, TraceQLSearchRequest request, long newestWindowStart, int stopAt, Deadline deadline) : SpanSearchSink
    {
        private int _inNewestWindow;

        public List<TraceMatch> Matches { get; } = [];

        public long Traces { get; private set; }

        public long Spans { get; private set; }

        public long Bytes { get; private set; }

        public override void Add(TraceMatch trace)
        {
            var duration = trace.EndUnixNano - trace.StartUnixNano;
            if (duration < request.MinDurationNanos || duration > request.MaxDurationNanos) return;
            Matches.Add(trace);
            Counted(trace.LatestStartInRange);
        }

        public void Counted(long latestStart)
        {
            if (latestStart >= newestWindowStart) _inNewestWindow++;
        }

        public override void AddInspected(long traces, long spans, long bytes)
        {
            Traces += traces;
            Spans += spans;
            Bytes += bytes;
            CheckInspected(0);
        }

        public void CheckInspected(long more)
        {
            if (Spans + more > owner._options.MaxInspectedSpans)
            {
                throw new TraceQLLimitException(
                    $"search inspected more than {owner._options.MaxInspectedSpans} spans; narrow the time range or add conditions");
            }
        }

        public override bool Continue()
        {
            deadline.Check();
            return _inNewestWindow < stopAt;
        }
    }
}
