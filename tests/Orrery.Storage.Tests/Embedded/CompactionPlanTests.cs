using Orrery.Storage.Embedded;

namespace Orrery.Storage.Tests.Embedded;

public class CompactionPlanTests
{
    private static readonly CompactionCaps Loose = new(MaxBlockBytes: 1_000, MaxInputBlocks: 10, MaxInputItems: 1_000, MaxTimeSpan: 1_000);

    [Fact]
    public void Small_blocks_adjacent_in_time_make_one_run_in_time_order()
    {
        var blocks = new[] { Block("c", min: 20), Block("a", min: 0), Block("b", min: 10) };

        var runs = CompactionPlan.Runs(blocks, b => b.Extent, Loose);

        Assert.Equal(["a b c"], runs.Select(Names));
    }

    [Theory]
    [InlineData("blocks", "a b|c d|e")]
    [InlineData("bytes", "a b|c d|e")]
    [InlineData("items", "a b|c d|e")]
    [InlineData("time", "a b|c d|e")]
    public void Each_cap_closes_a_run(string cap, string expected)
    {
        // Five blocks of 100 bytes and 10 items, each covering 10 time units, 10 apart: every cap
        // below admits two of them and not three, so each cap alone cuts the same runs.
        var blocks = Enumerable.Range(0, 5).Select(i => Block(((char)('a' + i)).ToString(), min: i * 10, bytes: 100, items: 10)).ToArray();
        var caps = cap switch
        {
            "blocks" => Loose with { MaxInputBlocks = 2 },
            "bytes" => Loose with { MaxBlockBytes = 250 },
            "items" => Loose with { MaxInputItems = 25 },
            _ => Loose with { MaxTimeSpan = 25 },
        };

        var runs = CompactionPlan.Runs(blocks, b => b.Extent, caps);

        // A lone block is not a run: merging it would only rewrite it.
        Assert.Equal(expected.Split('|').Where(r => r.Contains(' ')), runs.Select(Names));
    }

    [Fact]
    public void A_block_at_the_size_cap_is_left_alone_and_splits_nothing()
    {
        var blocks = new[] { Block("a", min: 0), Block("big", min: 5, bytes: 1_000), Block("b", min: 10) };

        var runs = CompactionPlan.Runs(blocks, b => b.Extent, Loose);

        Assert.Equal(["a b"], runs.Select(Names));
    }

    private static string Names(List<TestBlock> run) => string.Join(' ', run.Select(b => b.Name));

    private static TestBlock Block(string name, long min, long bytes = 10, long items = 1) => new(name, new CompactionExtent(bytes, items, min, min + 10));

    private sealed record TestBlock(string Name, CompactionExtent Extent);
}
