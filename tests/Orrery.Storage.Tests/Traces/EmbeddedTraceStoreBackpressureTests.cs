using Orrery.Signals;
using Orrery.Storage.Tests.Support;
using Orrery.Storage.Traces;
using static Orrery.Storage.Tests.Support.TestSpans;

namespace Orrery.Storage.Tests.Traces;

/// <summary>Appends wait while the head holds two parts' worth of spans, until a cut makes room.</summary>
public class EmbeddedTraceStoreBackpressureTests
{
    /// <summary>Long enough for an append that does not wait to finish (it only writes the WAL); not a measured duration.</summary>
    private static readonly TimeSpan GraceForAWrongfulAppend = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task An_append_over_the_head_budget_waits_for_a_cut_then_proceeds()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync(fx.Options with { HeadMaxSpans = 2 });
        await store.ConsumeAsync("default", new TestSpans().Span(Trace(1), 1, BaseTime).Span(Trace(1), 2, BaseTime).Build());
        await store.ConsumeAsync("default", new TestSpans().Span(Trace(2), 3, BaseTime).Span(Trace(2), 4, BaseTime).Build());

        var pending = store.ConsumeAsync("default", new TestSpans().Span(Trace(3), 5, BaseTime).Build()).AsTask();
        await Task.WhenAny(pending, Task.Delay(GraceForAWrongfulAppend));

        Assert.False(pending.IsCompleted);
        Assert.Equal(4, store.GetStats().HeadSpans);

        Assert.Equal(1, store.CutHeadOnce());
        await pending;

        var stats = store.GetStats();
        Assert.Equal((4L, 1L), (stats.BlockSpans, stats.HeadSpans));
        Assert.Equal(5, store.FetchTraces("default", FetchSpansRequest.ForRange(TimeRange.All)).Sum(t => t.Rows.Length));
    }

    [Fact]
    public async Task A_waiting_append_can_be_cancelled_and_adds_nothing()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync(fx.Options with { HeadMaxSpans = 1 });
        await store.ConsumeAsync("default", new TestSpans().Span(Trace(1), 1, BaseTime).Span(Trace(1), 2, BaseTime).Build());
        using var cancel = new CancellationTokenSource();

        var pending = store.ConsumeAsync("default", new TestSpans().Span(Trace(2), 3, BaseTime).Build(), cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(2, store.GetStats().HeadSpans);
    }

    [Fact]
    public async Task Tenants_have_their_own_budget()
    {
        await using var fx = new StoreFixture();
        var store = await fx.OpenAsync(fx.Options with { HeadMaxSpans = 1 });
        await store.ConsumeAsync("a", new TestSpans().Span(Trace(1), 1, BaseTime).Span(Trace(1), 2, BaseTime).Build());

        await store.ConsumeAsync("b", new TestSpans().Span(Trace(2), 3, BaseTime).Build());

        Assert.Equal(3, store.GetStats().HeadSpans);
    }
}
