using Orrery.Query.PromQL.Engine;
using static Orrery.Query.Tests.PromQL.Engine.EngineKit;

namespace Orrery.Query.Tests.PromQL.Engine;

public class CallTests
{
    private static MemoryMetricReader Data() => new MemoryMetricReader()
        .Add("x", [("job", "a")], Ramp(100 * S, 10 * S))
        .Add("y", [("job", "a")], Ramp(100 * S, 10 * S));

    [Theory]
    // The window [25s, 55s] holds the samples at 30, 40 and 50 s.
    [InlineData("count_over_time(x[30s])", "{job=\"a\"} 3")]
    [InlineData("last_over_time(x[30s])", "{__name__=\"x\", job=\"a\"} 50")]
    [InlineData("sum_over_time(x[30s] offset 20s)", "{job=\"a\"} 60")]
    [InlineData("max_over_time(x[30s] @ 20)", "{job=\"a\"} 20")]
    [InlineData("quantile_over_time(0.5, x[30s])", "{job=\"a\"} 40")]
    // Prometheus 2.42 windows are closed: [20s, 50s] holds four samples.
    [InlineData("count_over_time(x[30s] offset 5s)", "{job=\"a\"} 4")]
    [InlineData("timestamp(x)", "{job=\"a\"} 50")]
    [InlineData("abs(-x)", "{job=\"a\"} 50")]
    [InlineData("absent_over_time(nosuch{job=\"b\", env=~\"p.*\"}[1m])", "{job=\"b\"} 1")]
    [InlineData("vector(time())", "{} 55")]
    public void Function_calls(string query, string expected)
    {
        Assert.Equal([expected], Lines(Instant(Data(), query, 55 * S)));
    }

    [Fact]
    public void Absent_over_time_is_empty_when_a_series_has_points()
    {
        Assert.Empty(Lines(Instant(Data(), "absent_over_time(x[1m])", 55 * S)));
    }

    [Fact]
    public void Scalar_function_results_become_scalars()
    {
        Assert.Equal(new ScalarValue(55 * S, 50), Instant(Data(), "scalar(x)", 55 * S).Value);
    }

    [Fact]
    public void Range_function_outputs_that_collide_after_dropping_the_name_are_an_error()
    {
        var e = Assert.Throws<PromQLException>(() => Instant(Data(), "count_over_time({job=\"a\"}[30s])", 55 * S));
        Assert.Equal("vector cannot contain metrics with the same labelset", e.Message);
    }

    [Fact]
    public void Range_query_of_a_range_function_steps_the_window()
    {
        var result = Range(Data(), "count_over_time(x[15s])", 0, 30 * S, 10 * S);
        Assert.Equal(["{job=\"a\"} 1@0 2@10 2@20 2@30"], Lines(result));
    }
}
