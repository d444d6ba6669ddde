using Orrery.Query.Traces;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Query.Tests.Traces;

public class TraceSearcherTests
{
    private const long Ms = 1_000_000;

    private static SpanCondition Service(string name) =>
        new(AttributeRef.Unscoped("service.name"), ConditionOperator.Equal, StaticValue.Of(name));

    [Fact]
    public void Merges_the_parts_of_a_trace_and_reports_its_root()
    {
        // The root arrived in one part (say a block), a child in another (the head).
        var block = new TestSpans();
        block.Resource(("service.name", "frontend"));
        block.Span(1, 10, 0, "GET /", 100 * Ms, 150 * Ms);
        var head = new TestSpans();
        head.Resource(("service.name", "backend"));
        head.Span(1, 11, 10, "SELECT", 120 * Ms, 400 * Ms);
        var searcher = new TraceSearcher(new FakeTraceReader(block.Batch, head.Batch));

        var result = searcher.Search("default", new TraceSearchRequest(TimeRange.All, [Service("backend")]));

        var trace = Assert.Single(result.Traces);
        Assert.Equal(new TraceId(0, 1), trace.TraceId);
        Assert.Equal("frontend", trace.RootServiceName);
        Assert.Equal("GET /", trace.RootTraceName);
        Assert.Equal(100 * Ms, trace.StartUnixNano);
        Assert.Equal(300 * Ms, trace.DurationNanos);
        Assert.Equal(2, trace.SpanCount);
        Assert.Equal(1, trace.MatchedSpans);
        Assert.Equal(1, result.InspectedTraces);
        Assert.Equal(2, result.InspectedSpans);
    }

    [Fact]
    public void Stops_at_the_trace_bound_and_says_the_answer_is_truncated()
    {
        var spans = new TestSpans();
        spans.Resource(("service.name", "api"));
        for (ulong t = 1; t <= 5; t++) spans.Span(t, t, 0, "op", (long)t * Ms, (long)t * Ms + Ms);
        var request = new TraceSearchRequest(TimeRange.All, []);

        var bounded = new TraceSearcher(new FakeTraceReader(spans.Batch), maxTraces: 3).Search("t", request);
        var unbounded = new TraceSearcher(new FakeTraceReader(spans.Batch), maxTraces: 5).Search("t", request);

        Assert.True(bounded.Truncated);
        Assert.Equal(3, bounded.InspectedTraces);
        Assert.Equal(3, bounded.Traces.Count);
        Assert.False(unbounded.Truncated);
        Assert.Equal(5, unbounded.Traces.Count);
    }

    [Fact]
    public void One_span_must_satisfy_every_condition()
    {
        var spans = new TestSpans();
        spans.Resource(("service.name", "api"));
        spans.Span(1, 1, 0, "a", 0, Ms, StatusCode.Error);
        spans.Span(1, 2, 1, "b", 0, Ms, StatusCode.Ok);
        var searcher = new TraceSearcher(new FakeTraceReader(spans.Batch));
        var nameB = new SpanCondition(AttributeRef.Of(Intrinsic.Name, "name"), ConditionOperator.Equal, StaticValue.Of("b"));
        var error = new SpanCondition(AttributeRef.Of(Intrinsic.Status, "status"), ConditionOperator.Equal, new StaticValue(StaticKind.Status, (long)StatusCode.Error));

        Assert.Empty(searcher.Search("t", new TraceSearchRequest(TimeRange.All, [nameB, error])).Traces);
        Assert.Single(searcher.Search("t", new TraceSearchRequest(TimeRange.All, [nameB])).Traces);
    }

    [Theory]
    [InlineData(0L, long.MaxValue, new ulong[] { 3, 2, 1 })]
    [InlineData(150 * Ms, long.MaxValue, new ulong[] { 3, 2 })]
    [InlineData(0L, 200 * Ms, new ulong[] { 2, 1 })]
    [InlineData(200 * Ms, 200 * Ms, new ulong[] { 2 })]
    public void Filters_on_trace_duration_and_lists_newest_first(long min, long max, ulong[] expected)
    {
        var spans = new TestSpans();
        spans.Resource(("service.name", "api"));
        spans.Span(1, 1, 0, "short", 1_000 * Ms, 1_100 * Ms);   // 100ms, oldest
        spans.Span(2, 2, 0, "medium", 2_000 * Ms, 2_200 * Ms);  // 200ms
        spans.Span(3, 3, 0, "long", 3_000 * Ms, 3_300 * Ms);    // 300ms, newest
        var searcher = new TraceSearcher(new FakeTraceReader(spans.Batch));

        var result = searcher.Search("t", new TraceSearchRequest(TimeRange.All, [], min, max));

        Assert.Equal(expected, result.Traces.Select(t => t.TraceId.Low).ToArray());
    }

    [Fact]
    public void Applies_the_limit_after_sorting()
    {
        var spans = new TestSpans();
        spans.Resource(("service.name", "api"));
        for (ulong i = 1; i <= 30; i++) spans.Span(i, i, 0, "op", (long)i * Ms, (long)i * Ms + 1);
        var searcher = new TraceSearcher(new FakeTraceReader(spans.Batch));

        var result = searcher.Search("t", new TraceSearchRequest(TimeRange.All, []));

        Assert.Equal(TraceSearchRequest.DefaultLimit, result.Traces.Count);
        Assert.Equal(30UL, result.Traces[0].TraceId.Low);
        Assert.Equal(30, result.InspectedTraces);
    }

    [Fact]
    public void Reports_a_missing_root_span_like_tempo()
    {
        var spans = new TestSpans();
        spans.Resource(("service.name", "api"));
        spans.Span(1, 2, 99, "child", 0, Ms);
        var searcher = new TraceSearcher(new FakeTraceReader(spans.Batch));

        var trace = Assert.Single(searcher.Search("t", new TraceSearchRequest(TimeRange.All, [])).Traces);

        Assert.Equal(TraceSearcher.RootSpanNotYetReceived, trace.RootServiceName);
        Assert.Equal("", trace.RootTraceName);
    }

    [Fact]
    public void Pushes_the_conditions_and_range_down_to_storage()
    {
        var reader = new FakeTraceReader();
        var range = new TimeRange(5, 10);

        new TraceSearcher(reader).Search("t", new TraceSearchRequest(range, [Service("api")]));

        Assert.Equal(range, reader.LastRequest!.Range);
        Assert.True(reader.LastRequest.AllConditions);
        Assert.Equal(Service("api"), Assert.Single(reader.LastRequest.Conditions));
    }
}
