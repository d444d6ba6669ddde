using Orrery.Signals;
using Orrery.Storage.Tests.Support;
using Orrery.Storage.Traces;
using Orrery.Storage.Traces.Embedded;
using static Orrery.Storage.Tests.Support.TestSpans;

namespace Orrery.Storage.Tests.Traces;

/// <summary>Behaviour served by the WAL and the head alone (no block is cut in these tests).</summary>
public class EmbeddedTraceStoreHeadTests
{
    [Fact]
    public async Task An_appended_trace_is_found_at_once()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync();

        await store.ConsumeAsync("default", new TestSpans().Span(Trace(1), 11, BaseTime).Span(Trace(1), 12, BaseTime + 5).Span(Trace(2), 21, BaseTime).Build());

        Assert.Equal(new ulong[] { 11, 12 }, SpanIds(store.FindTrace("default", Trace(1), TimeRange.All)));
        Assert.Equal(new ulong[] { 21 }, SpanIds(store.FindTrace("default", Trace(2), TimeRange.All)));
        Assert.Null(store.FindTrace("default", Trace(3), TimeRange.All));
    }

    [Fact]
    public async Task FindTrace_keeps_only_spans_starting_in_the_range()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync();
        await store.ConsumeAsync("default", new TestSpans().Span(Trace(1), 1, BaseTime).Span(Trace(1), 2, BaseTime + 100).Build());

        Assert.Equal(new ulong[] { 2 }, SpanIds(store.FindTrace("default", Trace(1), new TimeRange(BaseTime + 50, BaseTime + 200))));
        Assert.Null(store.FindTrace("default", Trace(1), new TimeRange(BaseTime + 500, BaseTime + 600)));
    }

    [Fact]
    public async Task A_trace_sent_in_several_batches_is_assembled_and_duplicates_appear_once()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync();
        await store.ConsumeAsync("default", new TestSpans("a").Span(Trace(1), 1, BaseTime).Span(Trace(1), 2, BaseTime).Build());
        await store.ConsumeAsync("default", new TestSpans("b").Span(Trace(1), 3, BaseTime).Build());
        // A client retry: the same spans again.
        await store.ConsumeAsync("default", new TestSpans("a").Span(Trace(1), 1, BaseTime).Span(Trace(1), 2, BaseTime).Build());

        var found = store.FindTrace("default", Trace(1), TimeRange.All);
        var fetched = Assert.Single(store.FetchTraces("default", FetchSpansRequest.ForRange(TimeRange.All)));

        Assert.Equal(new ulong[] { 1, 2, 3 }, SpanIds(found));
        Assert.Equal(Trace(1), fetched.TraceId);
        Assert.Equal(new ulong[] { 1, 2, 3 }, fetched.Rows.ToArray().Select(r => fetched.Batch.Spans[r].SpanId.Value).Order());
        var row = Enumerable.Range(0, found!.Count).Single(i => found.Spans[i].SpanId.Value == 3);
        Assert.Equal("b", System.Text.Encoding.UTF8.GetString(found.ServiceName(row)));
    }

    [Fact]
    public async Task FetchTraces_yields_traces_with_a_span_in_range_with_all_their_spans()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync();
        await store.ConsumeAsync("default", new TestSpans()
            .Span(Trace(1), 1, BaseTime).Span(Trace(1), 2, BaseTime + 1_000)
            .Span(Trace(2), 3, BaseTime + 5_000)
            .Build());

        var items = store.FetchTraces("default", FetchSpansRequest.ForRange(new TimeRange(BaseTime + 500, BaseTime + 1_500))).ToList();

        var item = Assert.Single(items);
        Assert.Equal(Trace(1), item.TraceId);
        Assert.Equal(2, item.Rows.Length);
    }

    [Fact]
    public async Task Tag_names_and_values_come_from_the_head()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync();
        await store.ConsumeAsync("default", new TestSpans("cart", ("region", "eu"))
            .Span(Trace(1), 1, BaseTime, "GET /cart", ("http.method", "GET"))
            .Span(Trace(1), 2, BaseTime, "POST /cart", ("http.method", "POST"))
            .Build());

        Assert.Equal(new[] { "http.method" }, store.TagNames("default", AttributeScope.Span, TimeRange.All, 100));
        Assert.Equal(new[] { "region", "service.name" }, store.TagNames("default", AttributeScope.Resource, TimeRange.All, 100).Order());
        Assert.Equal(new[] { "GET", "POST" }, store.TagValues("default", AttributeRef.Span("http.method"), TimeRange.All, 100).Select(v => v.Value).Order());
        Assert.Equal(new[] { "GET /cart", "POST /cart" }, store.TagValues("default", AttributeRef.Of(Intrinsic.Name, "name"), TimeRange.All, 100).Select(v => v.Value).Order());
        Assert.Equal(new[] { new TagValue("string", "cart") }, store.TagValues("default", AttributeRef.Resource("service.name"), TimeRange.All, 100));
        Assert.Single(store.TagValues("default", AttributeRef.Span("http.method"), TimeRange.All, 1));
        Assert.Empty(store.TagNames("default", AttributeScope.Span, new TimeRange(0, 10), 100));
    }

    [Fact]
    public async Task Data_survives_an_abandoned_store_through_WAL_replay()
    {
        await using var fx = new StoreFixture();
        var first = await fx.OpenAsync();
        await first.ConsumeAsync("default", new TestSpans().Span(Trace(1), 1, BaseTime).Build());
        await first.ConsumeAsync("other", new TestSpans().Span(Trace(1), 2, BaseTime).Build());
        fx.Abandon(first);

        var second = await fx.OpenAsync();

        Assert.True(second.IsReady);
        Assert.Equal(new ulong[] { 1 }, SpanIds(second.FindTrace("default", Trace(1), TimeRange.All)));
        Assert.Equal(new ulong[] { 2 }, SpanIds(second.FindTrace("other", Trace(1), TimeRange.All)));
        Assert.Equal(2, second.GetStats().HeadSpans);
        Assert.Equal(new[] { "checkout" }, second.TagValues("default", AttributeRef.Resource("service.name"), TimeRange.All, 10).Select(v => v.Value));
    }

    [Fact]
    public async Task A_torn_WAL_tail_loses_only_the_torn_batch()
    {
        await using var fx = new StoreFixture();
        var first = await fx.OpenAsync();
        await first.ConsumeAsync("default", new TestSpans().Span(Trace(1), 1, BaseTime).Build());
        await first.ConsumeAsync("default", new TestSpans().Span(Trace(2), 2, BaseTime).Build());
        fx.Abandon(first);
        var segment = Directory.GetFiles(Path.Combine(fx.DataDirectory, "wal", "traces"), "*.wal").Order().Last();
        using (var f = new FileStream(segment, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) f.SetLength(f.Length - 3);

        var second = await fx.OpenAsync();
        await second.ConsumeAsync("default", new TestSpans().Span(Trace(3), 3, BaseTime).Build());

        Assert.NotNull(second.FindTrace("default", Trace(1), TimeRange.All));
        Assert.Null(second.FindTrace("default", Trace(2), TimeRange.All));
        Assert.NotNull(second.FindTrace("default", Trace(3), TimeRange.All));
    }

    [Fact]
    public async Task Tenants_never_see_each_others_spans_in_the_head()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync();
        await store.ConsumeAsync("tenant-a", new TestSpans("svc-a").Span(Trace(1), 1, BaseTime, "op-a", ("key-a", "value-a")).Build());
        await store.ConsumeAsync("tenant-b", new TestSpans("svc-b").Span(Trace(2), 2, BaseTime, "op-b", ("key-b", "value-b")).Build());

        TenancyAssertions.Isolated(store);
    }

    [Fact]
    public async Task Stats_count_head_spans_and_WAL_bytes()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync();
        await store.ConsumeAsync("default", new TestSpans().Span(Trace(1), 1, BaseTime).Span(Trace(1), 2, BaseTime).Build());

        var stats = store.GetStats();

        Assert.Equal(2, stats.HeadSpans);
        Assert.True(stats.WalBytes > 0);
        Assert.Equal(0, stats.BlockCount);
    }

    [Fact]
    public async Task Calls_before_start_fail_and_invalid_tenants_are_refused()
    {
        await using var fx = new StoreFixture();
        var unstarted = new EmbeddedTraceStore(fx.Options);
        Assert.False(unstarted.IsReady);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await unstarted.ConsumeAsync("default", new TestSpans().Span(Trace(1), 1, BaseTime).Build()));

        var store = await fx.OpenAsync();
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.ConsumeAsync("../etc", new TestSpans().Span(Trace(1), 1, BaseTime).Build()));
        Assert.Throws<ArgumentException>(() => store.FindTrace("a/b", Trace(1), TimeRange.All));
    }

    [Fact]
    public async Task Concurrent_appends_are_all_queryable()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync();

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
            await store.ConsumeAsync("default", new TestSpans().Span(Trace(i % 8), (ulong)i + 1, BaseTime + i).Build()))));

        var total = Enumerable.Range(0, 8).Sum(t => store.FindTrace("default", Trace(t), TimeRange.All)!.Count);
        Assert.Equal(64, total);
    }
}
