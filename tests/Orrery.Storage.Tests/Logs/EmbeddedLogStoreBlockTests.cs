using System.Text;
using Orrery.Signals;
using Orrery.Storage.Logs;
using Orrery.Storage.Logs.Embedded;
using static Orrery.Storage.Tests.Logs.LogBatches;

namespace Orrery.Storage.Tests.Logs;

public sealed class EmbeddedLogStoreBlockTests : IAsyncLifetime
{
    private const long Second = 1_000_000_000;
    private static readonly TraceId TraceA = TraceId.ParseHex("4bf92f3577b34da6a3ce929d0e0e4736");
    private static readonly TraceId TraceB = TraceId.ParseHex("00000000000000000000000000000abc");
    private readonly LogStoreFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Theory]
    [InlineData(LogDirection.Forward)]
    [InlineData(LogDirection.Backward)]
    public async Task Reads_merge_blocks_and_head_in_time_order(LogDirection direction)
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync("default", Of(new TestLine("app=a", 1 * Second, "block 1"), new TestLine("app=a", 4 * Second, "block 4")));
        Assert.Equal(1, store.CutHeadOnce());
        await store.ConsumeAsync("default", Of(new TestLine("app=a", 2 * Second, "block 2"), new TestLine("app=a", 5 * Second, "block 5")));
        Assert.Equal(1, store.CutHeadOnce());
        await store.ConsumeAsync("default", Of(new TestLine("app=a", 3 * Second, "head 3", default, ("k", "v")), new TestLine("app=a", 6 * Second, "head 6")));

        var lines = ReadAll(store.Select("default", Request("app=a", direction)));

        string[] forward = ["block 1", "block 2", "head 3", "block 4", "block 5", "head 6"];
        Assert.Equal(direction == LogDirection.Forward ? forward : forward.Reverse(), lines.Select(l => l.Line));
        Assert.Equal("v", lines.Single(l => l.Line == "head 3").Metadata["k"]);
        Assert.Equal(2, store.GetStats().Blocks);
    }

    [Fact]
    public async Task Metadata_and_labels_survive_a_block()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync("default", Of(
            new TestLine("app=a,env=prod", 1, "with metadata", TraceA, ("severity_text", "WARN"), ("user", "ü-7")),
            new TestLine("app=a,env=prod", 2, "without")));
        store.CutHeadOnce();

        var lines = ReadAll(store.Select("default", Request("env=prod")));

        Assert.Equal(Labels("app=a,env=prod"), lines[0].Labels);
        Assert.Equal(new Dictionary<string, string> { ["severity_text"] = "WARN", ["user"] = "ü-7", ["trace_id"] = TraceA.ToHex() }, lines[0].Metadata);
        Assert.Empty(lines[1].Metadata);
    }

    [Fact]
    public async Task Acknowledged_lines_survive_an_unclean_stop()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync("default", Of(new TestLine("app=a", 1, "in a block")));
        store.CutHeadOnce();
        await store.ConsumeAsync("default", Of(new TestLine("app=a", 2, "only in the WAL", TraceA), new TestLine("app=b", 3, "other stream")));
        _fixture.Abandon(store);

        var reopened = await _fixture.OpenAsync();

        Assert.Equal(["in a block", "only in the WAL", "other stream"], ReadAll(reopened.Select("default", Request("app=~a|b"))).Select(l => l.Line).Order());
        Assert.Equal(["only in the WAL"], ReadAll(reopened.Select("default", Request("app=a") with { TraceId = TraceA })).Select(l => l.Line));
    }

    [Fact]
    public async Task A_graceful_stop_flushes_the_head_and_the_next_start_reads_the_blocks()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync("default", Of(new TestLine("app=a", 1, "one"), new TestLine("app=a", 2, "two")));
        await _fixture.CloseAsync(store);

        var reopened = await _fixture.OpenAsync();

        Assert.Equal(1, reopened.GetStats().Blocks);
        Assert.Equal(0, reopened.GetStats().HeadLines);
        Assert.Equal(["one", "two"], ReadAll(reopened.Select("default", Request("app=a"))).Select(l => l.Line));
    }

    [Fact]
    public async Task The_trace_hint_returns_exactly_the_lines_of_the_trace_from_head_and_blocks()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync("default", Of(
            new TestLine("app=a", 1, "a1", TraceA),
            new TestLine("app=a", 2, "b1", TraceB),
            new TestLine("app=b", 3, "a2", TraceA),
            new TestLine("app=b", 4, "none")));
        store.CutHeadOnce();
        await store.ConsumeAsync("default", Of(new TestLine("app=a", 5, "a3", TraceA), new TestLine("app=a", 6, "b2", TraceB)));
        // A receiver that only fills the metadata is indexed too.
        await store.ConsumeAsync("default", Of(new TestLine("app=c", 7, "a4", default, ("trace_id", TraceA.ToHex()))));

        var request = Request("app=~.+") with { TraceId = TraceA };
        var lines = ReadAll(store.Select("default", request));

        Assert.Equal(["a1", "a2", "a3", "a4"], lines.Select(l => l.Line).Order());
        Assert.All(lines, l => Assert.Equal(TraceA.ToHex(), l.Metadata["trace_id"]));
    }

    [Fact]
    public async Task Required_substrings_return_only_lines_containing_them()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync("default", Of(
            new TestLine("app=a", 1, "GET /checkout done"),
            new TestLine("app=a", 2, "payment failed: card declined"),
            new TestLine("app=a", 3, "payment ok")));
        store.CutHeadOnce();
        await store.ConsumeAsync("default", Of(new TestLine("app=a", 4, "payment failed again")));

        var request = Request("app=a") with { RequiredSubstrings = [Encoding.UTF8.GetBytes("payment"), Encoding.UTF8.GetBytes("failed")] };

        Assert.Equal(["payment failed: card declined", "payment failed again"], ReadAll(store.Select("default", request)).Select(l => l.Line));
    }

    [Fact]
    public async Task Blooms_skip_chunks_that_cannot_hold_the_word()
    {
        var options = _fixture.Options with { BlockFormat = new() { ChunkTargetBytes = 4096 } };
        var store = await _fixture.OpenAsync(options);
        var lines = Enumerable.Range(0, 2000).Select(i => new TestLine("app=a", i, $"ordinary line number {i} with some filler text")).ToList();
        lines[1234] = new TestLine("app=a", 1234, "the zanzibar needle is here");
        await store.ConsumeAsync("default", Of([.. lines]));
        store.CutHeadOnce();
        var request = Request("app=a") with { RequiredSubstrings = [Encoding.UTF8.GetBytes("zanzibar")] };

        var cursors = store.Select("default", request).ToList();
        var sources = cursors.Cast<MergedStreamCursor>().Sum(c => c.SourceCount);

        Assert.Equal(["the zanzibar needle is here"], ReadAll(cursors).Select(l => l.Line));
        Assert.True(store.GetStats().Blocks == 1 && sources < 3, $"{sources} chunks read for a word in one");
    }

    [Fact]
    public async Task Compaction_keeps_every_line_once()
    {
        var store = await _fixture.OpenAsync();
        var expected = new List<string>();
        for (var b = 0; b < 4; b++)
        {
            var lines = Enumerable.Range(0, 50).Select(i => new TestLine(i % 3 == 0 ? "app=a" : "app=b", b * 100 + i * 7 % 50, $"block {b} line {i}")).ToArray();
            expected.AddRange(lines.Select(l => l.Line));
            await store.ConsumeAsync("default", Of(lines));
            store.CutHeadOnce();
        }
        // A replayed duplicate of a block's lines (as after a crash between block and checkpoint) must still appear once.
        await store.ConsumeAsync("default", Of(new TestLine("app=a", 0, "block 0 line 0")));
        store.CutHeadOnce();

        Assert.Equal(1, store.RunCompactionOnce());

        Assert.Equal(1, store.GetStats().Blocks);
        var read = ReadAll(store.Select("default", Request("app=~a|b")));
        Assert.Equal(expected.Order(), read.Select(l => l.Line).Order());
        Assert.All(read.GroupBy(l => l.Labels), g => Assert.True(g.Select(l => l.Ts).SequenceEqual(g.Select(l => l.Ts).Order())));
    }

    [Fact]
    public async Task Retention_deletes_whole_blocks_older_than_the_limit()
    {
        var store = await _fixture.OpenAsync(_fixture.Options with { Retention = TimeSpan.FromDays(1) });
        var now = DateTimeOffset.FromUnixTimeSeconds(1_750_000_000);
        var old = (now - TimeSpan.FromDays(2)).ToUnixTimeMilliseconds() * 1_000_000;
        var recent = (now - TimeSpan.FromHours(1)).ToUnixTimeMilliseconds() * 1_000_000;
        await store.ConsumeAsync("default", Of(new TestLine("app=a", old, "old")));
        store.CutHeadOnce();
        await store.ConsumeAsync("default", Of(new TestLine("app=a", recent, "recent")));
        store.CutHeadOnce();

        Assert.Equal(1, store.ApplyRetentionOnce(now));

        Assert.Equal(["recent"], ReadAll(store.Select("default", Request("app=a"))).Select(l => l.Line));
        Assert.Single(Directory.GetDirectories(Path.Combine(_fixture.DataDirectory, "logs", "default", "blocks")));
    }

    [Fact]
    public async Task A_limit_query_backward_decodes_only_the_newest_chunks()
    {
        var store = await _fixture.OpenAsync(_fixture.Options with { BlockFormat = new() { ChunkTargetBytes = 2048 } });
        await store.ConsumeAsync("default", Of(Enumerable.Range(0, 1000).Select(i => new TestLine("app=a", i, $"line {i:D4} padding padding")).ToArray()));
        store.CutHeadOnce();

        using var cursor = (MergedStreamCursor)store.Select("default", Request("app=a", LogDirection.Backward)).Single();
        var newest = new List<long>();
        for (var i = 0; i < 5 && cursor.MoveNext(); i++) newest.Add(cursor.TimestampNs);

        Assert.Equal([999L, 998, 997, 996, 995], newest);
        Assert.True(cursor.OpenedSources <= 2, $"{cursor.OpenedSources} of {cursor.SourceCount} chunks decoded");
    }
}
