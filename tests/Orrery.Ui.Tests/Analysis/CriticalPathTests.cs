using Orrery.Ui.Analysis;
using Orrery.Ui.Tests.Support;

namespace Orrery.Ui.Tests.Analysis;

public class CriticalPathTests
{
    private static string PathOf(TraceBuilder builder)
    {
        var tree = builder.Build();
        var path = CriticalPath.Compute(tree);
        return TraceBuilder.Describe(tree, path);
    }

    [Fact]
    public void A_lone_span_is_its_own_path() =>
        Assert.Equal("root[0-10]", PathOf(new TraceBuilder().Span("root", null, 0, 10)));

    [Fact]
    public void Sequential_children_are_all_on_the_path_with_the_parent_gaps_between_them()
    {
        var trace = new TraceBuilder()
            .Span("root", null, 0, 100)
            .Span("a", "root", 10, 40)
            .Span("b", "root", 50, 90);
        Assert.Equal("root[0-10] a[10-40] root[40-50] b[50-90] root[90-100]", PathOf(trace));
    }

    [Fact]
    public void Back_to_back_children_leave_no_parent_segment_between_them()
    {
        var trace = new TraceBuilder()
            .Span("root", null, 0, 20)
            .Span("a", "root", 0, 10)
            .Span("b", "root", 10, 20);
        Assert.Equal("a[0-10] b[10-20]", PathOf(trace));
    }

    [Fact]
    public void Of_overlapping_children_the_path_follows_the_last_to_finish_and_skips_what_it_overlaps()
    {
        // a and b run in parallel; root waits for b (ends last). a ended after b started, so root
        // was not waiting on a at any moment the path passes through.
        var trace = new TraceBuilder()
            .Span("root", null, 0, 100)
            .Span("a", "root", 10, 60)
            .Span("b", "root", 20, 80);
        Assert.Equal("root[0-20] b[20-80] root[80-100]", PathOf(trace));
    }

    [Fact]
    public void An_earlier_child_that_ended_before_the_chosen_one_started_is_on_the_path()
    {
        var trace = new TraceBuilder()
            .Span("root", null, 0, 100)
            .Span("a", "root", 5, 15)
            .Span("parallel", "root", 10, 30)
            .Span("b", "root", 40, 90);
        Assert.Equal("root[0-10] parallel[10-30] root[30-40] b[40-90] root[90-100]", PathOf(trace));
    }

    [Fact]
    public void The_path_descends_into_grandchildren()
    {
        var trace = new TraceBuilder()
            .Span("root", null, 0, 100)
            .Span("a", "root", 10, 90)
            .Span("a1", "a", 20, 50)
            .Span("a2", "a", 50, 80);
        Assert.Equal("root[0-10] a[10-20] a1[20-50] a2[50-80] a[80-90] root[90-100]", PathOf(trace));
    }

    [Fact]
    public void A_child_outliving_its_parent_counts_only_up_to_the_parent_end()
    {
        var trace = new TraceBuilder()
            .Span("root", null, 0, 100)
            .Span("late", "root", 60, 150)
            .Span("inner", "late", 70, 140);
        Assert.Equal("root[0-60] late[60-70] inner[70-100]", PathOf(trace));
    }

    [Fact]
    public void Async_work_that_starts_after_the_parent_ended_is_not_on_the_path()
    {
        // Fire-and-forget (OpenTelemetry's follows-from): the root never waited for it.
        var trace = new TraceBuilder()
            .Span("root", null, 0, 50)
            .Span("sync", "root", 10, 40)
            .Span("async", "root", 60, 200)
            .Span("asyncChild", "async", 70, 190);
        Assert.Equal("root[0-10] sync[10-40] root[40-50]", PathOf(trace));
    }

    [Fact]
    public void A_child_skewed_to_start_before_its_parent_is_clipped_to_the_parent()
    {
        var trace = new TraceBuilder()
            .Span("root", null, 100, 200)
            .Span("skewed", "root", 80, 150);
        Assert.Equal("skewed[100-150] root[150-200]", PathOf(trace));
    }

    [Fact]
    public void A_child_skewed_wholly_before_its_parent_is_not_on_the_path()
    {
        var trace = new TraceBuilder()
            .Span("root", null, 100, 200)
            .Span("skewed", "root", 10, 50);
        Assert.Equal("root[100-200]", PathOf(trace));
    }

    [Fact]
    public void A_grandchild_is_clipped_to_the_window_its_parent_was_clipped_to()
    {
        var trace = new TraceBuilder()
            .Span("root", null, 0, 100)
            .Span("child", "root", 50, 200)
            .Span("grandchild", "child", 90, 190);
        Assert.Equal("root[0-50] child[50-90] grandchild[90-100]", PathOf(trace));
    }

    [Fact]
    public void The_path_covers_the_root_exactly_once()
    {
        var trace = new TraceBuilder()
            .Span("root", null, 0, 100)
            .Span("a", "root", 10, 60)
            .Span("b", "root", 20, 80)
            .Span("b1", "b", 25, 70)
            .Span("c", "root", 85, 120)
            .Build();
        var path = CriticalPath.Compute(trace);
        Assert.Equal(100_000_000, path.TotalNano);
        for (var i = 1; i < path.Segments.Count; i++) Assert.Equal(path.Segments[i - 1].EndUnixNano, path.Segments[i].StartUnixNano);
        Assert.Equal(path.TotalNano, path.NanosBySpan.Sum());
    }

    [Fact]
    public void Orphans_make_the_longest_root_the_start_of_the_path()
    {
        var trace = new TraceBuilder()
            .SpanWithParentId("orphan", 2, 99, 0, 10)
            .SpanWithParentId("real", 3, 0, 0, 50)
            .Build();
        Assert.Equal("real", trace.Name[trace.MainRoot]);
        Assert.Equal(2, trace.Roots.Count);
    }

    [Fact]
    public void A_parent_cycle_is_broken_instead_of_looping()
    {
        var trace = new TraceBuilder()
            .SpanWithParentId("a", 1, 2, 0, 10)
            .SpanWithParentId("b", 2, 1, 0, 20)
            .Build();
        Assert.Single(trace.Roots);
        Assert.NotEqual(-1, trace.MainRoot);
        Assert.True(CriticalPath.Compute(trace).TotalNano > 0);
    }

    [Fact]
    public void A_ten_thousand_deep_chain_does_not_overflow_the_stack()
    {
        var builder = new TraceBuilder().Span("s0", null, 0, 20_000);
        for (var i = 1; i < 10_000; i++) builder.Span($"s{i}", $"s{i - 1}", i, 20_000 - i);
        var path = CriticalPath.Compute(builder.Build());
        Assert.Equal(20_000_000_000, path.TotalNano);
        Assert.Equal(19_999, path.Segments.Count);
    }

    [Fact]
    public void An_empty_trace_has_an_empty_path() =>
        Assert.Empty(CriticalPath.Compute(new TraceTree([])).Segments);
}
