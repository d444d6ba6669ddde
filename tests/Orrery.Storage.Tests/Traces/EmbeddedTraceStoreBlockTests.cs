using Orrery.Signals;
using Orrery.Storage.Tests.Support;
using Orrery.Storage.Traces;
using static Orrery.Storage.Tests.Support.TestSpans;

namespace Orrery.Storage.Tests.Traces;

/// <summary>Cutting the head into blocks, restart over blocks, compaction and retention.</summary>
public class EmbeddedTraceStoreBlockTests
{
    private static readonly long Day = (long)TimeSpan.FromDays(1).TotalMilliseconds * 1_000_000;

    [Fact]
    public async Task After_a_cut_the_data_is_served_from_a_block_exactly_once()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync();
        await store.ConsumeAsync("default", new TestSpans().Span(Trace(1), 1, BaseTime).Span(Trace(1), 2, BaseTime).Span(Trace(2), 3, BaseTime).Build());

        Assert.Equal(1, store.CutHeadOnce());

        var stats = store.GetStats();
        Assert.Equal((1, 0L, 3L), (stats.BlockCount, stats.HeadSpans, stats.BlockSpans));
        Assert.Equal(new ulong[] { 1, 2 }, SpanIds(store.FindTrace("default", Trace(1), TimeRange.All)));
        Assert.Equal(3, store.FetchTraces("default", FetchSpansRequest.ForRange(TimeRange.All)).Sum(t => t.Rows.Length));
        Assert.Contains("service.name", store.TagNames("default", AttributeScope.Resource, TimeRange.All, 100));
    }

    [Fact]
    public async Task Head_and_block_are_merged_and_duplicates_across_them_appear_once()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync();
        await store.ConsumeAsync("default", new TestSpans().Span(Trace(1), 1, BaseTime).Span(Trace(1), 2, BaseTime).Build());
        store.CutHeadOnce();
        await store.ConsumeAsync("default", new TestSpans().Span(Trace(1), 2, BaseTime).Span(Trace(1), 3, BaseTime).Build());

        Assert.Equal(new ulong[] { 1, 2, 3 }, SpanIds(store.FindTrace("default", Trace(1), TimeRange.All)));
    }

    [Fact]
    public async Task Cut_then_graceful_restart_serves_blocks_and_replays_nothing_twice()
    {
        await using var fx = new StoreFixture();
        var first = await fx.OpenAsync();
        await first.ConsumeAsync("default", new TestSpans().Span(Trace(1), 1, BaseTime).Build());
        first.CutHeadOnce();
        await first.ConsumeAsync("default", new TestSpans().Span(Trace(1), 2, BaseTime).Build());
        await fx.CloseAsync(first);

        var second = await fx.OpenAsync();

        Assert.Equal(new ulong[] { 1, 2 }, SpanIds(second.FindTrace("default", Trace(1), TimeRange.All)));
        Assert.Equal(0, second.GetStats().HeadSpans);
        Assert.Equal(2, second.GetStats().BlockSpans);
    }

    [Fact]
    public async Task Cut_then_crash_replays_only_records_that_are_not_in_blocks()
    {
        await using var fx = new StoreFixture();
        var first = await fx.OpenAsync();
        await first.ConsumeAsync("default", new TestSpans().Span(Trace(1), 1, BaseTime).Build());
        first.CutHeadOnce();
        await first.ConsumeAsync("default", new TestSpans().Span(Trace(1), 2, BaseTime).Build());
        fx.Abandon(first);

        var second = await fx.OpenAsync();

        var stats = second.GetStats();
        Assert.Equal((1L, 1L), (stats.HeadSpans, stats.BlockSpans));
        Assert.Equal(new ulong[] { 1, 2 }, SpanIds(second.FindTrace("default", Trace(1), TimeRange.All)));
    }

    [Fact]
    public async Task WAL_segments_fully_in_blocks_are_deleted_after_a_cut()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync(fx.Options with { WalSegmentBytes = 512 });
        for (var i = 0; i < 20; i++) await store.ConsumeAsync("default", new TestSpans().Span(Trace(i), (ulong)i + 1, BaseTime).Build());
        var walDirectory = Path.Combine(fx.DataDirectory, "wal", "traces");
        Assert.True(Directory.GetFiles(walDirectory, "*.wal").Length > 3);

        store.CutHeadOnce();

        Assert.Single(Directory.GetFiles(walDirectory, "*.wal"));
        Assert.Equal(20, store.GetStats().BlockSpans);
    }

    [Fact]
    public async Task Compaction_merges_blocks_and_the_data_stays_the_same()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync();
        for (var i = 0; i < 3; i++)
        {
            await store.ConsumeAsync("default", new TestSpans().Span(Trace(i), (ulong)i + 1, BaseTime + i).Span(Trace(9), (ulong)i + 100, BaseTime + i).Build());
            store.CutHeadOnce();
        }
        var before = Snapshot(store);
        Assert.Equal(3, store.GetStats().BlockCount);

        Assert.Equal(1, store.RunCompactionOnce());

        Assert.Equal(1, store.GetStats().BlockCount);
        Assert.Equal(before, Snapshot(store));
        Assert.Single(Directory.GetDirectories(Path.Combine(fx.DataDirectory, "traces", "default", "blocks")));
    }

    [Fact]
    public async Task Compaction_merges_no_more_spans_at_once_than_its_limit()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync(fx.Options with { CompactionMaxInputSpans = 4 });
        for (var i = 0; i < 3; i++)
        {
            await store.ConsumeAsync("default", new TestSpans().Span(Trace(i), (ulong)i + 1, BaseTime + i).Span(Trace(i), (ulong)i + 100, BaseTime + i).Build());
            store.CutHeadOnce();
        }

        Assert.Equal(1, store.RunCompactionOnce());

        Assert.Equal(2, store.GetStats().BlockCount);
        Assert.Equal(6, store.GetStats().BlockSpans);
    }

    [Fact]
    public async Task A_reader_holding_old_blocks_is_not_disturbed_by_compaction()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync();
        for (var i = 0; i < 2; i++)
        {
            await store.ConsumeAsync("default", new TestSpans().Span(Trace(i), (ulong)i + 1, BaseTime + i).Build());
            store.CutHeadOnce();
        }
        using var reading = store.FetchTraces("default", FetchSpansRequest.ForRange(TimeRange.All)).GetEnumerator();
        Assert.True(reading.MoveNext());

        store.RunCompactionOnce();
        var rest = new List<TraceSpans> { reading.Current };
        while (reading.MoveNext()) rest.Add(reading.Current);

        Assert.Equal(new[] { Trace(0), Trace(1) }, rest.Select(t => t.TraceId).Order());
        Assert.Equal(1, store.GetStats().BlockCount);
    }

    [Fact]
    public async Task Retention_deletes_only_blocks_older_than_the_retention()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync();
        await store.ConsumeAsync("default", new TestSpans().Span(Trace(1), 1, BaseTime).Build());
        store.CutHeadOnce();
        await store.ConsumeAsync("default", new TestSpans().Span(Trace(2), 2, BaseTime + (30 * Day)).Build());
        store.CutHeadOnce();
        var now = DateTimeOffset.FromUnixTimeMilliseconds((BaseTime + (31 * Day)) / 1_000_000);

        Assert.Equal(1, store.ApplyRetentionOnce(now));

        Assert.Null(store.FindTrace("default", Trace(1), TimeRange.All));
        Assert.NotNull(store.FindTrace("default", Trace(2), TimeRange.All));
        Assert.Equal(1, store.GetStats().BlockCount);
        Assert.Equal(0, store.ApplyRetentionOnce(now));
    }

    [Fact]
    public async Task Tenants_stay_isolated_after_cut_and_restart()
    {
        await using var fx = new StoreFixture();
        var first = await fx.OpenAsync();
        await first.ConsumeAsync("tenant-a", new TestSpans("svc-a").Span(Trace(1), 1, BaseTime, "op-a", ("key-a", "value-a")).Build());
        await first.ConsumeAsync("tenant-b", new TestSpans("svc-b").Span(Trace(2), 2, BaseTime, "op-b", ("key-b", "value-b")).Build());
        first.CutHeadOnce();
        TenancyAssertions.Isolated(first);
        await fx.CloseAsync(first);

        var second = await fx.OpenAsync();

        Assert.Equal(2, second.GetStats().BlockCount);
        TenancyAssertions.Isolated(second);
    }

    [Fact]
    public async Task Leftover_temporary_block_directories_are_deleted_on_start()
    {
        await using var fx = new StoreFixture();
        var blocks = Path.Combine(fx.DataDirectory, "traces", "default", "blocks");
        Directory.CreateDirectory(Path.Combine(blocks, "0123.tmp"));
        Directory.CreateDirectory(Path.Combine(blocks, Guid.NewGuid().ToString())); // no meta.json: incomplete

        var store = await fx.OpenAsync();

        Assert.Empty(Directory.GetDirectories(blocks));
        Assert.Equal(0, store.GetStats().BlockCount);
    }

    /// <summary>Every (trace, span id) the store returns through FindTrace, as sorted strings.</summary>
    private static string[] Snapshot(ITraceReader store) =>
        Enumerable.Range(0, 10)
            .SelectMany(t => SpanIds(store.FindTrace("default", Trace(t), TimeRange.All)).Select(s => $"{t}:{s}"))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
