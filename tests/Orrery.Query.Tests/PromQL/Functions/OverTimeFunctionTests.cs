using Orrery.Query.PromQL.Engine;
using Orrery.Signals.Metrics;
using static Orrery.Query.Tests.PromQL.Functions.FunctionKit;

namespace Orrery.Query.Tests.PromQL.Functions;

public class OverTimeFunctionTests
{
    private static readonly FPoint[] s_values = Points((30, 10), (90, 20), (150, 30), (210, 5), (270, 15));

    [Theory]
    [InlineData("avg_over_time", 16)]
    [InlineData("sum_over_time", 80)]
    [InlineData("min_over_time", 5)]
    [InlineData("max_over_time", 30)]
    [InlineData("count_over_time", 5)]
    [InlineData("present_over_time", 1)]
    [InlineData("last_over_time", 15)]
    // Population variance: deviations -6, 4, 14, -11, -1 → (36+16+196+121+1)/5 = 74.
    [InlineData("stdvar_over_time", 74)]
    [InlineData("stddev_over_time", 8.602325267042627)]
    // Median 15; distances 5, 5, 15, 10, 0 → median 5.
    [InlineData("mad_over_time", 5)]
    public void Aggregates_the_floats_of_the_window(string function, double expected)
    {
        var result = Range(function, s_values, 0, 300);
        Assert.True(result.Produced);
        Close(expected, result.Value);
    }

    [Theory]
    // Sorted 5, 10, 15, 20, 30: rank φ × 4 interpolates between neighbours.
    [InlineData(0.3, 11)]
    [InlineData(0, 5)]
    [InlineData(1, 30)]
    [InlineData(0.5, 15)]
    [InlineData(-0.1, double.NegativeInfinity)]
    [InlineData(1.5, double.PositiveInfinity)]
    [InlineData(double.NaN, double.NaN)]
    public void Quantile_over_time_interpolates_between_ranks(double q, double expected)
    {
        Close(expected, Range("quantile_over_time", s_values, 0, 300, scalars: [q, double.NaN]).Value);
    }

    [Fact]
    public void Min_and_max_skip_a_leading_NaN()
    {
        var points = Points((1, double.NaN), (2, 3), (3, 1));
        Close(3, Range("max_over_time", points, 0, 10).Value);
        Close(1, Range("min_over_time", points, 0, 10).Value);
    }

    [Fact]
    public void Avg_keeps_an_infinite_mean()
    {
        Close(double.PositiveInfinity, Range("avg_over_time", Points((1, double.PositiveInfinity), (2, 3)), 0, 10).Value);
    }

    [Fact]
    public void Float_aggregations_yield_nothing_for_an_empty_or_histogram_only_window()
    {
        Assert.False(Range("max_over_time", [], 0, 10).Produced);
        var h = NativeHistograms.Make(count: 1, sum: 1);
        Assert.False(Range("stddev_over_time", [], 0, 10, histograms: [new HPoint(1000, h)]).Produced);
        Assert.True(Range("count_over_time", [], 0, 10, histograms: [new HPoint(1000, h)]).Produced);
    }

    [Fact]
    public void Sum_and_avg_add_native_histograms()
    {
        var a = NativeHistograms.Make(count: 4, sum: 8, positive: [(1, [1, 3])]);
        var b = NativeHistograms.Make(count: 2, sum: 2, positive: [(0, [2])]);
        var sum = Range("sum_over_time", [], 0, 10, histograms: [new HPoint(1000, a), new HPoint(2000, b)]).Histogram!;
        Assert.Equal(6, sum.Count);
        Assert.Equal(10, sum.Sum);
        Assert.Equal([(0, 2.0), (1, 1.0), (2, 3.0)], NativeHistograms.Buckets(sum.PositiveSpans, sum.PositiveBuckets));
        var avg = Range("avg_over_time", [], 0, 10, histograms: [new HPoint(1000, a), new HPoint(2000, b)]).Histogram!;
        Assert.Equal(3, avg.Count);
        Assert.Equal([(0, 1.0), (1, 0.5), (2, 1.5)], NativeHistograms.Buckets(avg.PositiveSpans, avg.PositiveBuckets));
        // A mix of floats and histograms has no sum.
        Assert.False(Range("sum_over_time", Points((3, 1)), 0, 10, histograms: [new HPoint(1000, a)]).Produced);
    }

    [Fact]
    public void Last_over_time_takes_whichever_sample_is_latest()
    {
        var h = NativeHistograms.Make(count: 1, sum: 1);
        var later = Range("last_over_time", Points((1, 7)), 0, 10, histograms: [new HPoint(2000, h)]);
        Assert.NotNull(later.Histogram);
        var earlier = Range("last_over_time", Points((3, 7)), 0, 10, histograms: [new HPoint(2000, h)]);
        Assert.Null(earlier.Histogram);
        Assert.Equal(7, earlier.Value);
    }
}
