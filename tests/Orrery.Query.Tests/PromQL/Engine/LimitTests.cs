using Orrery.Query.PromQL.Engine;
using Orrery.Query.PromQL.Syntax;
using static Orrery.Query.Tests.PromQL.Engine.EngineKit;

namespace Orrery.Query.Tests.PromQL.Engine;

public class LimitTests
{
    private static MemoryMetricReader Data() => new MemoryMetricReader()
        .Add("x", [("i", "1")], Ramp(100 * S, 10 * S))
        .Add("x", [("i", "2")], Ramp(100 * S, 10 * S))
        .Add("x", [("i", "3")], Ramp(100 * S, 10 * S));

    [Fact]
    public void Too_many_samples_is_an_execution_error()
    {
        var options = new PromQLOptions { MaxSamples = 20 };
        var e = Assert.Throws<PromQLException>(() => Range(Data(), "x", 0, 100 * S, 10 * S, options));
        Assert.Equal(PromErrorType.Execution, e.ErrorType);
        Assert.Equal("query processing would load too many samples into memory in query execution", e.Message);
    }

    [Fact]
    public void Samples_within_the_limit_pass_and_are_counted()
    {
        var result = Range(Data(), "x", 0, 100 * S, 10 * S, new PromQLOptions { MaxSamples = 33 });
        Assert.Equal(33, result.Stats.TotalQueryableSamples);
        Assert.Equal(33, result.Stats.PeakSamples);
    }

    [Fact]
    public void Too_many_series_is_an_execution_error()
    {
        var e = Assert.Throws<PromQLException>(() => Instant(Data(), "x", 0, new PromQLOptions { MaxSeries = 2 }));
        Assert.Equal(PromErrorType.Execution, e.ErrorType);
    }

    [Fact]
    public void A_query_past_its_timeout_is_a_timeout_error()
    {
        var reader = Data();
        reader.BlockUntilCancelled = true;
        var engine = new PromQLEngine(reader);
        var e = Assert.Throws<PromQLException>(() => engine.Instant("t", PromQLParser.Parse("x"), 0, TimeSpan.FromMilliseconds(50)));
        Assert.Equal(PromErrorType.Timeout, e.ErrorType);
        Assert.Equal("query timed out in expression evaluation", e.Message);
    }

    [Fact]
    public void A_cancelled_query_is_canceled()
    {
        var engine = new PromQLEngine(Data());
        var e = Assert.Throws<PromQLException>(() => engine.Range("t", PromQLParser.Parse("sum(x)"), 0, 100 * S, 1 * S, null, new CancellationToken(canceled: true)));
        Assert.Equal(PromErrorType.Canceled, e.ErrorType);
    }

    [Fact]
    public void Too_many_points_per_series_is_bad_data()
    {
        var e = Assert.Throws<PromQLException>(() => Range(Data(), "x", 0, 11_001 * S, 1 * S));
        Assert.Equal(PromErrorType.BadData, e.ErrorType);
    }
}
