using Orrery.Query.TraceQL.Engine;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;
using StaticValue = Orrery.Query.TraceQL.Syntax.StaticValue;

namespace Orrery.Query.Tests.TraceQL.Engine;

public sealed class TraceQLSearcherTests
{
    private const long Second = 1_000_000_000;
    private static readonly TimeRange FourWindows = new(ConformanceTraces.T0, ConformanceTraces.T0 + (40 * Second) - 1);

    private static TraceQLSearchResult Search(string query, TraceQLSearchRequest request, TraceQLSearchOptions? options = null, SplitReader? reader = null) =>
        new TraceQLSearcher(reader ?? new SplitReader(), options ?? new TraceQLSearchOptions(Windows: 4)).Search("t", TraceQLParser.Parse(query), request);

    private static string Ids(TraceQLSearchResult result) => string.Join(' ', result.Traces.Select(t => t.TraceId.Low));

    [Theory]
    [InlineData("{ }", "4 3 2 1")]
    [InlineData("{ status = error }", "2 1")]
    [InlineData("""{ name = "GetCart" } > { status = error }""", "1")]
    [InlineData("""{ name = "GET /checkout" } >> { resource.service.name = "postgres" }""", "1")]
    [InlineData("{ status = error } && { kind = internal }", "2 1")]
    [InlineData("{ } | count() > 3", "2 1")]
    [InlineData("{ rootServiceName = \"frontend\" && duration < 2ms }", "4")]
    [InlineData("{ .nonexistent = 1 }", "")]
    public void Finds_matching_traces_newest_first_even_when_storage_splits_them_over_parts(string query, string expected)
    {
        Assert.Equal(expected, Ids(Search(query, new TraceQLSearchRequest(FourWindows, Limit: 20))));
    }

    [Fact]
    public void A_structural_match_whose_spans_sit_in_different_parts_is_found()
    {
        // The split reader puts the first half of each trace's spans in one part and the rest in another:
        // 12 (client, child of 11) is in the first part of trace 1, 16 (render) in the second.
        var result = Search("""{ name = "HTTP GET cart" } ~ { name = "render" }""", new TraceQLSearchRequest(FourWindows));
        var trace = Assert.Single(result.Traces);
        var set = Assert.Single(trace.Spansets);
        Assert.Equal([new SpanId(0x16)], set.Spans.Select(s => s.SpanId));
    }

    [Fact]
    public void Limit_stops_the_scan_after_the_newest_window_that_fills_it()
    {
        var all = Search("{ }", new TraceQLSearchRequest(FourWindows, Limit: 20));
        var one = Search("{ }", new TraceQLSearchRequest(FourWindows, Limit: 1));

        Assert.Equal("4", Ids(one));
        Assert.Equal(1, one.InspectedSpans);
        // Without the limit every window is read, but a span-local match decides its trace, so the
        // second part of each trace is skipped: 3 + 2 + 1 + 1 spans of 14.
        Assert.Equal(7, all.InspectedSpans);
        Assert.Equal(4, all.InspectedTraces);
    }

    [Fact]
    public void Without_most_recent_the_first_matches_found_end_the_scan_and_with_it_the_window_is_finished()
    {
        var oneWindow = new TraceQLSearchOptions(Windows: 1);
        var first = Search("{ }", new TraceQLSearchRequest(FourWindows, Limit: 1), oneWindow);
        var newest = Search("{ } with (most_recent=true)", new TraceQLSearchRequest(FourWindows, Limit: 1), oneWindow);

        // The split reader yields trace 1's first part first.
        Assert.Equal("1", Ids(first));
        Assert.Equal(3, first.InspectedSpans);
        Assert.Equal("4", Ids(newest));
    }

    [Fact]
    public void Spss_caps_listed_spans_and_matched_counts_them_all()
    {
        var result = Search("{ }", new TraceQLSearchRequest(FourWindows, Limit: 20, SpansPerSpanset: 2));
        var trace1 = result.Traces.Single(t => t.TraceId.Low == 1);
        var set = Assert.Single(trace1.Spansets);
        Assert.Equal(6, set.Matched);
        Assert.Equal(2, set.Spans.Count);
        Assert.Equal("frontend", trace1.RootServiceName);
        Assert.Equal("GET /checkout", trace1.RootTraceName);
        Assert.Equal(ConformanceTraces.T0, trace1.StartUnixNano);
        Assert.Equal(500_000_000, trace1.DurationNanos);
    }

    [Fact]
    public void A_trace_without_its_root_says_so()
    {
        var trace = Assert.Single(Search("""{ name = "store" }""", new TraceQLSearchRequest(FourWindows)).Traces);
        Assert.Equal(Orrery.Query.Traces.TraceSearcher.RootSpanNotYetReceived, trace.RootServiceName);
    }

    [Fact]
    public void Spans_carry_the_attributes_the_query_tested_and_selected()
    {
        var result = Search("{ span.http.status_code = 500 && status = error } | select(resource.region, span.nonexistent)", new TraceQLSearchRequest(FourWindows));
        var span = Assert.Single(result.Traces).Spansets.Single().Spans[0];
        Assert.Equal(new SpanId(0x21), span.SpanId);
        Assert.Equal("POST /pay", span.Name);
        Assert.Equal(
            [new FoundAttribute("http.status_code", StaticValue.OfInt(500)), new FoundAttribute("status", StaticValue.OfStatus(SpanStatusValue.Error)), new FoundAttribute("region", StaticValue.OfString("eu"))],
            span.Attributes);
    }

    [Fact]
    public void By_groups_are_spansets_with_their_key()
    {
        var result = Search("{ status = error } | by(resource.service.name)", new TraceQLSearchRequest(FourWindows));
        var trace2 = result.Traces.Single(t => t.TraceId.Low == 2);
        Assert.Equal(["frontend", "payments"], trace2.Spansets.Select(s => s.Attributes.Single().Value.Text));
        Assert.Equal([1, 2], trace2.Spansets.Select(s => s.Matched));
    }

    [Fact]
    public void Trace_duration_bounds_apply_to_whole_traces()
    {
        var result = Search("{ }", new TraceQLSearchRequest(FourWindows, MinDurationNanos: 10_000_000, MaxDurationNanos: 600_000_000));
        Assert.Equal("3 1", Ids(result));
    }

    [Fact]
    public void Pushed_down_conditions_reach_storage()
    {
        var reader = new SplitReader();
        Search("""{ resource.service.name = "payments" && duration > 500ms }""", new TraceQLSearchRequest(FourWindows), reader: reader);
        var request = Assert.IsType<FetchSpansRequest>(reader.LastRequest);
        Assert.True(request.AllConditions);
        Assert.Equal(2, request.Conditions.Count);
    }

    [Fact]
    public void Too_many_inspected_spans_is_a_clear_error()
    {
        var e = Assert.Throws<TraceQLLimitException>(() =>
            Search("{ }", new TraceQLSearchRequest(FourWindows, Limit: 20), new TraceQLSearchOptions(MaxInspectedSpans: 5, Windows: 1)));
        Assert.Contains("more than 5 spans", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_partly_matching_traces_is_a_clear_error()
    {
        var e = Assert.Throws<TraceQLLimitException>(() =>
            Search("{ status = error } >> { name = \"nothing\" }", new TraceQLSearchRequest(FourWindows), new TraceQLSearchOptions(MaxTrackedTraces: 1, Windows: 1)));
        Assert.Contains("more than 1 partly matching traces", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_out_of_time_is_a_clear_error()
    {
        var e = Assert.Throws<TraceQLLimitException>(() =>
            Search("{ }", new TraceQLSearchRequest(FourWindows), new TraceQLSearchOptions(Timeout: TimeSpan.Zero)));
        Assert.Contains("time limit", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 100, 4, "75-100 49-74 23-48 0-22")]
    [InlineData(0, 2, 4, "0-2")]
    [InlineData(5, 5, 1, "5-5")]
    public void Windows_cover_the_range_newest_first(long start, long end, int count, string expected)
    {
        Assert.Equal(expected, string.Join(' ', TraceQLSearcher.Windows(new TimeRange(start, end), count).Select(w => $"{w.StartUnixNano}-{w.EndUnixNano}")));
    }

    /// <summary>The conformance traces, each yielded as two parts (first half of its spans, then the rest).</summary>
    internal sealed class SplitReader : ITraceReader
    {
        private readonly SpanBatch _batch = ConformanceTraces.Build();

        public FetchSpansRequest? LastRequest { get; private set; }

        public IEnumerable<TraceSpans> FetchTraces(string tenant, FetchSpansRequest request, CancellationToken cancellationToken = default)
        {
            LastRequest = request;
            var traces = ConformanceTraces.RowsByTrace(_batch);
            foreach (var half in new[] { 0, 1 })
            {
                foreach (var (id, rows) in traces)
                {
                    var split = (rows.Length + 1) / 2;
                    var part = half == 0 ? rows[..split] : rows[split..];
                    if (part.Length == 0 || !part.Any(r => request.Range.Contains(_batch.Spans[r].StartUnixNano))) continue;
                    yield return new TraceSpans(new TraceId(0, id), _batch, part);
                }
            }
        }

        public SpanBatch? FindTrace(string tenant, TraceId traceId, TimeRange range) => _batch;

        public IReadOnlyCollection<string> TagNames(string tenant, Orrery.Storage.Traces.AttributeScope scope, TimeRange range, int limit) => [];

        public IReadOnlyCollection<TagValue> TagValues(string tenant, AttributeRef tag, TimeRange range, int limit) => [];
    }
}
