using Orrery.Ui.Analysis;
using Orrery.Ui.Tests.Support;

namespace Orrery.Ui.Tests.Analysis;

public class TraceDiffTests
{
    private static TraceBuilder Checkout(long dbMs) => new TraceBuilder()
        .Span("GET /checkout", null, 0, 200, service: "frontend")
        .Span("charge", "GET /checkout", 10, 150, service: "payments")
        .Span("SELECT", "charge", 20, 20 + dbMs, service: "db");

    [Fact]
    public void Matched_spans_carry_their_duration_difference_largest_first()
    {
        var a = Checkout(10).Build();
        var b = Checkout(100).Build();
        var diff = TraceDiff.Compute(a, b);
        Assert.Empty(diff.OnlyInA);
        Assert.Empty(diff.OnlyInB);
        Assert.Equal(3, diff.Matched.Count);
        var first = diff.Matched[0];
        Assert.Equal("SELECT", first.Place.Name);
        Assert.Equal("GET /checkout > charge", first.Place.Path);
        Assert.Equal(90_000_000, first.DeltaNano);
    }

    [Fact]
    public void Spans_in_one_trace_only_are_the_structural_difference()
    {
        var a = Checkout(10).Span("retry", "charge", 40, 60, service: "payments").Build();
        var b = Checkout(10).Span("cache", "GET /checkout", 160, 170, service: "frontend").Build();
        var diff = TraceDiff.Compute(a, b);
        Assert.Equal("retry", Assert.Single(diff.OnlyInA).Place.Name);
        Assert.Equal("cache", Assert.Single(diff.OnlyInB).Place.Name);
        Assert.Equal(3, diff.Matched.Count);
    }

    [Fact]
    public void Repeated_calls_match_by_their_order_and_the_extra_one_is_unmatched()
    {
        var a = new TraceBuilder().Span("root", null, 0, 100)
            .Span("SELECT", "root", 10, 20).Span("SELECT", "root", 30, 50).Build();
        var b = new TraceBuilder().Span("root", null, 0, 100)
            .Span("SELECT", "root", 10, 25).Span("SELECT", "root", 30, 40).Span("SELECT", "root", 50, 60).Build();
        var diff = TraceDiff.Compute(a, b);
        var extra = Assert.Single(diff.OnlyInB);
        Assert.Equal(2, extra.Place.Ordinal);
        var second = Assert.Single(diff.Matched, m => m.Place is { Name: "SELECT", Ordinal: 1 });
        Assert.Equal(-10_000_000, second.DeltaNano);
    }

    [Fact]
    public void The_same_name_under_different_parents_is_a_different_place()
    {
        var a = new TraceBuilder().Span("root", null, 0, 100).Span("x", "root", 0, 50).Span("q", "x", 0, 10).Build();
        var b = new TraceBuilder().Span("root", null, 0, 100).Span("y", "root", 0, 50).Span("q", "y", 0, 10).Build();
        var diff = TraceDiff.Compute(a, b);
        Assert.Equal(["x", "q"], diff.OnlyInA.Select(s => s.Place.Name));
        Assert.Equal(["y", "q"], diff.OnlyInB.Select(s => s.Place.Name));
    }

    [Fact]
    public void The_same_name_in_another_service_is_a_different_place()
    {
        var a = new TraceBuilder().Span("root", null, 0, 100).Span("q", "root", 0, 10, service: "one").Build();
        var b = new TraceBuilder().Span("root", null, 0, 100).Span("q", "root", 0, 10, service: "two").Build();
        var diff = TraceDiff.Compute(a, b);
        Assert.Single(diff.OnlyInA);
        Assert.Single(diff.OnlyInB);
    }
}
