using static Orrery.Query.Tests.PromQL.Functions.FunctionKit;

namespace Orrery.Query.Tests.PromQL.Functions;

public class MathFunctionTests
{
    [Theory]
    [InlineData("abs", -2.5, 2.5)]
    [InlineData("ceil", 1.2, 2)]
    [InlineData("floor", -1.2, -2)]
    [InlineData("exp", 0, 1)]
    [InlineData("sqrt", 16, 4)]
    [InlineData("sqrt", -1, double.NaN)]
    [InlineData("ln", 1, 0)]
    [InlineData("ln", 0, double.NegativeInfinity)]
    [InlineData("log2", 8, 3)]
    [InlineData("log10", 1000, 3)]
    [InlineData("sgn", -7, -1)]
    [InlineData("sgn", 0, 0)]
    [InlineData("sgn", 3, 1)]
    [InlineData("sgn", double.NaN, double.NaN)]
    [InlineData("deg", Math.PI, 180)]
    [InlineData("rad", 180, Math.PI)]
    [InlineData("sin", 0, 0)]
    [InlineData("cos", 0, 1)]
    [InlineData("atanh", 1, double.PositiveInfinity)]
    [InlineData("acos", 2, double.NaN)]
    public void Applies_the_function_and_drops_the_metric_name(string function, double input, double expected)
    {
        var result = Assert.Single(Instant(function, [S(input, ("__name__", "m"), ("job", "a"))]));
        Close(expected, result.F);
        Assert.Equal(L(("job", "a")), result.Metric);
    }

    [Theory]
    [InlineData(5, 0, 10, 5)]
    [InlineData(-5, 0, 10, 0)]
    [InlineData(50, 0, 10, 10)]
    [InlineData(double.NaN, 0, 10, double.NaN)]
    [InlineData(5, double.NaN, 10, double.NaN)]
    public void Clamp_limits_to_the_interval(double input, double min, double max, double expected)
    {
        var result = Assert.Single(Instant("clamp", [S(input, ("__name__", "m"))], scalars: [double.NaN, min, max]));
        Close(expected, result.F);
        Assert.Equal(0, result.Metric.Count);
    }

    [Fact]
    public void Clamp_with_min_above_max_returns_nothing()
    {
        Assert.Empty(Instant("clamp", [S(1)], scalars: [double.NaN, 2, 1]));
    }

    [Fact]
    public void Clamp_min_and_clamp_max_bound_one_side()
    {
        Assert.Equal(3, Assert.Single(Instant("clamp_min", [S(1)], scalars: [double.NaN, 3])).F);
        Assert.Equal(1, Assert.Single(Instant("clamp_max", [S(1)], scalars: [double.NaN, 3])).F);
    }

    [Theory]
    [InlineData(2.5, 1, 3)]
    [InlineData(-2.5, 1, -2)] // Halves round up (towards +Inf), as Prometheus's floor(x + 0.5).
    [InlineData(2.4, 1, 2)]
    [InlineData(2.345, 0.1, 2.3)]
    [InlineData(17, 5, 15)]
    [InlineData(17.5, 5, 20)]
    public void Round_goes_to_the_nearest_multiple(double input, double toNearest, double expected)
    {
        Close(expected, Assert.Single(Instant("round", [S(input)], scalars: [double.NaN, toNearest])).F);
    }

    [Fact]
    public void Round_defaults_to_whole_numbers()
    {
        Assert.Equal(4, Assert.Single(Instant("round", [S(3.5)], scalars: [double.NaN])).F);
    }

    [Fact]
    public void Histogram_samples_are_skipped()
    {
        var h = new Orrery.Query.PromQL.Engine.Sample(L(("a", "b")), 0, 0, NativeHistograms.Make(count: 1, sum: 1));
        Assert.Empty(Instant("abs", [h]));
    }
}
