using Orrery.Ui.Analysis;
using Orrery.Ui.Tests.Support;

namespace Orrery.Ui.Tests.Analysis;

public class AggregatedCriticalPathTests
{
    [Fact]
    public void Operations_are_weighted_by_their_share_of_all_critical_path_time()
    {
        var aggregate = new AggregatedCriticalPath();
        // Fast trace: 100 ms, 80 of them in the database.
        aggregate.Add(new TraceBuilder().Span("GET", null, 0, 100, "api").Span("SELECT", "GET", 10, 90, "db").Build());
        // Slow trace: 300 ms, 250 of them in the payment call; the database is off the path (parallel, shorter).
        aggregate.Add(new TraceBuilder().Span("GET", null, 0, 300, "api")
            .Span("SELECT", "GET", 10, 40, "db").Span("charge", "GET", 20, 270, "payments").Build());

        var result = aggregate.Result();
        Assert.Equal(2, result.TraceCount);
        Assert.Equal(400_000_000, result.TotalCriticalNano);
        Assert.Equal(["charge", "SELECT", "GET"], result.Operations.Select(o => o.Name));
        var charge = result.Operations[0];
        Assert.Equal(250_000_000, charge.CriticalNano);
        Assert.Equal(0.625, charge.Share, 6);
        Assert.Equal(1, charge.Traces);
        var get = result.Operations[2];
        Assert.Equal(70_000_000, get.CriticalNano);
        Assert.Equal(2, get.Traces);
        Assert.Equal(1.0, result.Operations.Sum(o => o.Share), 6);
    }

    [Fact]
    public void No_traces_give_an_empty_answer()
    {
        var result = new AggregatedCriticalPath().Result();
        Assert.Equal(0, result.TraceCount);
        Assert.Empty(result.Operations);
    }
}
