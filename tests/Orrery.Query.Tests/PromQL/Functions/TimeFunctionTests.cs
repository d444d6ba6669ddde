using Orrery.Query.PromQL.Syntax;
using static Orrery.Query.Tests.PromQL.Functions.FunctionKit;

namespace Orrery.Query.Tests.PromQL.Functions;

public class TimeFunctionTests
{
    [Theory]
    // 2000-02-29 00:00 UTC (leap day of a year divisible by 400).
    [InlineData("days_in_month", 951782400, 29)]
    [InlineData("day_of_month", 951782400, 29)]
    [InlineData("month", 951782400, 2)]
    [InlineData("day_of_year", 951782400, 60)]
    // 2001-02-28 23:59:59: not a leap year.
    [InlineData("days_in_month", 983404799, 28)]
    [InlineData("hour", 983404799, 23)]
    [InlineData("minute", 983404799, 59)]
    // 1900-02-01: divisible by 100, not by 400: no leap day.
    [InlineData("days_in_month", -2206310400, 28)]
    // 2000-12-31: day 366 of a leap year.
    [InlineData("day_of_year", 978220800, 366)]
    [InlineData("year", 978220800, 2000)]
    // 2000-12-31 was a Sunday (0); 1969-12-31 23:59:59 a Wednesday.
    [InlineData("day_of_week", 978220800, 0)]
    [InlineData("day_of_week", -1, 3)]
    [InlineData("year", -1, 1969)]
    [InlineData("days_in_month", 1704067200, 31)] // 2024-01-01.
    [InlineData("month", 1735689599.9, 12)] // 2024-12-31 23:59:59.9 truncates to the second.
    public void Calendar_fields_of_the_sample_value_in_UTC(string function, double unixSeconds, double expected)
    {
        var result = Assert.Single(Instant(function, [S(unixSeconds, ("__name__", "t"), ("job", "a"))]));
        Assert.Equal(expected, result.F);
        Assert.Equal(L(("job", "a")), result.Metric);
    }

    [Fact]
    public void Without_an_argument_the_evaluation_time_is_used()
    {
        // 2024-02-29 12:34:56 UTC.
        var result = Assert.Single(Instant("minute", [], timeMs: 1709210096_000, argExprs: []));
        Assert.Equal(34, result.F);
        Assert.Equal(0, result.Metric.Count);
        Assert.Equal(29, Assert.Single(Instant("day_of_month", [], timeMs: 1709210096_000, argExprs: [])).F);
    }

    [Fact]
    public void Time_pi_vector_and_scalar()
    {
        Assert.Equal(1.5, Assert.Single(Instant("time", [], timeMs: 1500, argExprs: [])).F);
        Assert.Equal(Math.PI, Assert.Single(Instant("pi", [], argExprs: [])).F);
        var v = Assert.Single(Instant("vector", [], scalars: [7], argExprs: [new NumberLiteral(7)]));
        Assert.Equal(7, v.F);
        Assert.Equal(0, v.Metric.Count);
        Assert.Equal(3, Assert.Single(Instant("scalar", [S(3, ("a", "b"))])).F);
        Assert.True(double.IsNaN(Assert.Single(Instant("scalar", [S(3, ("a", "b")), S(4, ("a", "c"))])).F));
        Assert.True(double.IsNaN(Assert.Single(Instant("scalar", [])).F));
    }

    [Fact]
    public void Timestamp_answers_each_sample_time_in_seconds()
    {
        var input = new Orrery.Query.PromQL.Engine.Sample(L(("__name__", "m"), ("a", "b")), 12_345, 99);
        var result = Assert.Single(Instant("timestamp", [input], timeMs: 20_000));
        Assert.Equal(12.345, result.F);
        Assert.Equal(L(("a", "b")), result.Metric);
    }
}
