using static Orrery.Query.Tests.PromQL.Engine.EngineKit;

namespace Orrery.Query.Tests.PromQL.Engine;

public class SubqueryTests
{
    private static MemoryMetricReader RampX() => new MemoryMetricReader().Add("x", Ramp(200 * S, 10 * S));

    [Theory]
    // Inner steps are absolute multiples of the step at or after t - offset - range, up to t - offset.
    [InlineData("x[30s:20s]", 50, "20@20 40@40")]
    [InlineData("x[40s:20s]", 60, "20@20 40@40 60@60")]
    [InlineData("x[30s:20s] offset 20s", 50, "0@0 20@20")]
    [InlineData("x[30s:20s] @ 100", 50, "80@80 100@100")]
    [InlineData("x[30s:20s] @ 100 offset 10s", 50, "60@60 80@80")]
    [InlineData("(x @ 30)[30s:10s]", 100, "30@70 30@80 30@90 30@100")]
    [InlineData("(x offset 10s)[20s:10s]", 100, "70@80 80@90 90@100")]
    public void Instant_query_of_a_subquery_returns_its_aligned_inner_steps(string query, long t, string points)
    {
        Assert.Equal([$"{{__name__=\"x\"}} {points}"], Lines(Instant(RampX(), query, t * S)));
    }

    [Fact]
    public void Subquery_without_step_uses_the_default_step()
    {
        var result = Instant(RampX(), "x[2m:]", 150 * S);
        Assert.Equal(["{__name__=\"x\"} 60@60 120@120"], Lines(result));
    }

    [Theory]
    // Prometheus 2.42 windows are closed: [0s, 60s] holds seven 10s steps.
    [InlineData("sum_over_time(x[1m:10s])", 60, "210")]
    [InlineData("max_over_time((x @ 30)[1m:10s])", 100, "30")]
    [InlineData("min_over_time(x[30s:10s] @ 50)", 190, "20")]
    [InlineData("min_over_time(x[30s:10s] offset 1m)", 100, "10")]
    public void Range_functions_over_subqueries(string query, long t, string expected)
    {
        Assert.Equal([$"{{}} {expected}"], Lines(Instant(RampX(), query, t * S)));
    }

    [Fact]
    public void Subquery_in_a_range_query_windows_each_outer_step()
    {
        var result = Range(RampX(), "max_over_time(x[20s:10s])", 30 * S, 50 * S, 10 * S);
        Assert.Equal(["{} 30@30 40@40 50@50"], Lines(result));
    }

    [Fact]
    public void Subquery_with_at_is_the_same_at_every_outer_step()
    {
        var result = Range(RampX(), "count_over_time(x[30s:10s] @ 100)", 0, 20 * S, 10 * S);
        Assert.Equal(["{} 4@0 4@10 4@20"], Lines(result));
    }
}
