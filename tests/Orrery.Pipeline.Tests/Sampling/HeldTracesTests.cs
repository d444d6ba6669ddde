using Orrery.Pipeline.Sampling;
using Orrery.Signals;

namespace Orrery.Pipeline.Tests.Sampling;

/// <summary>The tail sampler's struct tables: trace slots in arrival order, span chains, the index.</summary>
public sealed class HeldTracesTests
{
    private static List<(int Holder, int Row)> Chain(HeldTraces held, long trace)
    {
        var spans = new List<(int, int)>();
        for (var link = held.FirstSpan(trace); link >= 0; link = held.NextOf(link)) spans.Add((held.LinkAt(link).Holder, held.LinkAt(link).Row));
        return spans;
    }

    [Fact]
    public void A_trace_keeps_its_spans_in_arrival_order_across_batches_and_among_other_traces()
    {
        var held = new HeldTraces();
        var a = held.Start(0, TestSpans.Trace(1), 10);
        var b = held.Start(0, TestSpans.Trace(2), 11);
        for (var batch = 0; batch < 50; batch++)
        {
            held.AddSpan(a, batch, 2 * batch);
            held.AddSpan(b, batch, 2 * batch + 1);
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (i, 2 * i)), Chain(held, a));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (i, 2 * i + 1)), Chain(held, b));
        Assert.Equal(50, held[a].SpanCount);
        Assert.True(held.TryFind(0, TestSpans.Trace(2), out var found));
        Assert.Equal(b, found);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void The_same_trace_id_of_two_tenants_is_two_traces(int tenantA, int tenantB)
    {
        var held = new HeldTraces();
        var first = held.Start(tenantA, TestSpans.Trace(1), 0);
        Assert.False(held.Contains(tenantB, TestSpans.Trace(1)));
        var second = held.Start(tenantB, TestSpans.Trace(1), 0);
        Assert.NotEqual(first, second);
        held.RemoveOldest();
        Assert.False(held.Contains(tenantA, TestSpans.Trace(1)));
        Assert.True(held.Contains(tenantB, TestSpans.Trace(1)));
    }

    [Fact]
    public void Traces_are_removed_oldest_first_and_freed_links_are_reused_without_mixing_chains()
    {
        var held = new HeldTraces();
        // Far more traces than the ring starts with, removed while new ones arrive: the ring wraps and grows.
        var live = new Queue<(long Trace, ulong Id)>();
        ulong next = 0;
        for (var round = 0; round < 40; round++)
        {
            for (var i = 0; i < 300; i++)
            {
                var id = next++;
                var trace = held.Start(0, TestSpans.Trace(id), (long)id);
                for (var s = 0; s < (int)(id % 5) + 1; s++) held.AddSpan(trace, (int)(id % 7), (int)id * 10 + s);
                live.Enqueue((trace, id));
            }
            for (var i = 0; i < 200; i++)
            {
                var (trace, id) = live.Dequeue();
                Assert.True(held.TryPeekOldest(out var oldest, out var arrived));
                Assert.Equal(trace, oldest);
                Assert.Equal((long)id, arrived);
                Assert.Equal(Enumerable.Range(0, (int)(id % 5) + 1).Select(s => ((int)(id % 7), (int)id * 10 + s)), Chain(held, oldest));
                held.RemoveOldest();
            }
        }
        Assert.Equal(live.Count, held.Count);
        foreach (var (trace, id) in live)
        {
            Assert.True(held.TryFind(0, TestSpans.Trace(id), out var found));
            Assert.Equal(trace, found);
            Assert.Equal((int)(id % 5) + 1, Chain(held, trace).Count);
        }
    }

    [Fact]
    public void Emptying_the_table_lets_a_burst_s_arrays_go()
    {
        var held = new HeldTraces();
        var (slots, links) = (held.SlotCapacity, held.LinkCapacity);
        for (ulong id = 0; id < 5000; id++)
        {
            var trace = held.Start(0, TestSpans.Trace(id), 0);
            for (var s = 0; s < 4; s++) held.AddSpan(trace, 0, s);
        }
        Assert.True(held.SlotCapacity > slots);
        Assert.True(held.LinkCapacity > links);

        while (held.Count > 0) held.RemoveOldest();

        Assert.Equal(slots, held.SlotCapacity);
        Assert.Equal(links, held.LinkCapacity);
        Assert.False(held.TryPeekOldest(out _, out _));
        var again = held.Start(0, TestSpans.Trace(1), 0);
        held.AddSpan(again, 3, 4);
        Assert.Equal([(3, 4)], Chain(held, again));
    }

    [Theory]
    [InlineData(3, 5_000)] // each swing crosses the ring's chunks of 4,096 slots
    [InlineData(40, 700)]
    public void Traces_leave_in_arrival_order_while_the_held_count_swings_across_ring_chunks(int swings, int perSwing)
    {
        var held = new HeldTraces();
        ulong next = 0, oldest = 0;
        for (var swing = 0; swing < swings; swing++)
        {
            // Start more than are removed, so the ring's head and tail both move through chunks.
            for (var i = 0; i < perSwing * 2; i++)
            {
                var trace = held.Start(0, TestSpans.Trace(next), (long)next);
                held.AddSpan(trace, 0, (int)(next % 1000));
                next++;
            }
            for (var i = 0; i < perSwing; i++)
            {
                Assert.True(held.TryPeekOldest(out var trace, out var arrived));
                Assert.Equal((long)oldest, arrived);
                Assert.Equal(TestSpans.Trace(oldest), held[trace].TraceId);
                Assert.Equal([(0, (int)(oldest % 1000))], Chain(held, trace));
                held.RemoveOldest();
                oldest++;
            }
            Assert.True(held.TryFind(0, TestSpans.Trace(next - 1), out var newest));
            Assert.Equal((long)(next - 1), held[newest].ArrivedMs);
        }
        Assert.Equal((int)(next - oldest), held.Count);
        // Chunks the head passed are reused or let go: the ring is not much longer than what is held.
        Assert.True(held.SlotCapacity <= held.Count + 2 * 4096, $"{held.SlotCapacity} slots for {held.Count} traces");
    }

    [Fact]
    public void A_trace_without_spans_has_an_empty_chain()
    {
        var held = new HeldTraces();
        var trace = held.Start(0, TestSpans.Trace(1), 0);
        Assert.Empty(Chain(held, trace));
        held.RemoveOldest();
        Assert.Equal(0, held.Count);
    }
}
