using Orrery.Ui.Analysis;
using Orrery.Ui.Tests.Support;

namespace Orrery.Ui.Tests.Analysis;

public class TraceStatisticsTests
{
    [Fact]
    public void Self_time_subtracts_children_and_counts_overlapping_children_once()
    {
        var tree = new TraceBuilder()
            .Span("root", null, 0, 100)
            .Span("a", "root", 10, 60)
            .Span("b", "root", 40, 80)   // overlaps a: covered is 10..80 = 70
            .Span("late", "root", 90, 150) // clipped to 90..100
            .Build();
        var self = TraceStatistics.SelfTimes(tree);
        Assert.Equal([20_000_000L, 50_000_000L, 40_000_000L, 60_000_000L], self);
    }

    [Fact]
    public void Operations_and_services_are_summed_with_most_self_time_first()
    {
        var tree = new TraceBuilder()
            .Span("GET /checkout", null, 0, 100, service: "frontend")
            .Span("charge", "GET /checkout", 10, 70, service: "payments", error: true)
            .Span("SELECT", "charge", 20, 30, service: "db")
            .Span("SELECT", "charge", 30, 40, service: "db")
            .Build();
        var stats = TraceStatistics.Compute(tree, CriticalPath.Compute(tree));

        var charge = Assert.Single(stats.Operations, o => o.Name == "charge");
        Assert.Equal(new SpanGroupStats("payments", "charge", 1, 1, 60_000_000, 40_000_000, 40_000_000), charge);
        var select = Assert.Single(stats.Operations, o => o.Name == "SELECT");
        Assert.Equal(new SpanGroupStats("db", "SELECT", 2, 0, 20_000_000, 20_000_000, 20_000_000), select);
        Assert.Equal(["frontend", "payments", "db"], stats.Services.Select(s => s.Service));
        Assert.Equal(100_000_000, stats.Services.Sum(s => s.SelfNano));
        Assert.Equal(100_000_000, stats.Services.Sum(s => s.CriticalNano));
    }
}
