using Orrery.Storage.Embedded;
using Orrery.Storage.Tests.Support;

namespace Orrery.Storage.Tests.Embedded;

public class BlockListTests
{
    [Fact]
    public void Replace_swaps_the_inputs_for_the_output_and_deletes_the_inputs_once_unread()
    {
        using var dir = new TempDirectory();
        var (a, b, c) = (Handle(dir, "a"), Handle(dir, "b"), Handle(dir, "c"));
        var list = new BlockList<FakeHandle>();
        list.AddRange([a, b]);
        var reading = list.AcquireAll();

        list.Replace([a, b], c);

        Assert.Equal([c], list.All);
        Assert.True(Directory.Exists(a.Block.Directory));
        foreach (var h in reading) h.Release();
        Assert.False(Directory.Exists(a.Block.Directory));
        Assert.False(Directory.Exists(b.Block.Directory));
        Assert.Equal(0, c.Block.Disposals);
    }

    [Fact]
    public void Remove_deletes_what_the_predicate_selects_and_counts_it()
    {
        using var dir = new TempDirectory();
        var handles = Enumerable.Range(0, 5).Select(i => Handle(dir, $"b{i}", minTime: i)).ToArray();
        var list = new BlockList<FakeHandle>();
        list.AddRange(handles);

        var removed = list.Remove(h => h.MinTime < 2);

        Assert.Equal(2, removed);
        Assert.Equal(handles[2..], list.All);
        Assert.Equal([false, false, true, true, true], handles.Select(h => Directory.Exists(h.Block.Directory)));
        Assert.Equal(0, list.Remove(h => h.MinTime < 2));
    }

    [Fact]
    public void Acquire_takes_only_the_filtered_blocks_and_skips_released_ones()
    {
        using var dir = new TempDirectory();
        var handles = Enumerable.Range(0, 4).Select(i => Handle(dir, $"b{i}", minTime: i)).ToArray();
        var list = new BlockList<FakeHandle>();
        list.AddRange(handles);
        handles[3].Retire(delete: false);

        var acquired = list.Acquire(1L, static (h, min) => h.MinTime >= min);

        Assert.Equal(handles[1..3], acquired);
        foreach (var h in acquired) h.Release();
        Assert.All(handles[..3], h => Assert.Equal(0, h.Block.Disposals));
    }

    [Fact]
    public void CloseAll_closes_every_block_and_deletes_none()
    {
        using var dir = new TempDirectory();
        var handles = new[] { Handle(dir, "a"), Handle(dir, "b") };
        var list = new BlockList<FakeHandle>();
        list.AddRange(handles);

        list.CloseAll();

        Assert.Empty(list.All);
        Assert.All(handles, h => Assert.Equal(1, h.Block.Disposals));
        Assert.All(handles, h => Assert.True(Directory.Exists(h.Block.Directory)));
    }

    [Fact]
    public void A_copy_taken_before_a_change_stays_as_it_was()
    {
        using var dir = new TempDirectory();
        var (a, b) = (Handle(dir, "a"), Handle(dir, "b"));
        var list = new BlockList<FakeHandle>();
        list.Add(a);
        var before = list.All;

        list.Add(b);

        Assert.Equal([a], before);
        Assert.Equal([a, b], list.All);
    }

    private static FakeHandle Handle(TempDirectory dir, string name, long minTime = 0) => new(new FakeBlock(dir.Path, name), minTime);
}
