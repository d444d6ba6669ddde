using Orrery.Query.PromQL.Engine;
using Orrery.Query.PromQL.Functions;
using Orrery.Signals.Metrics;
using static Orrery.Query.Tests.PromQL.Functions.FunctionKit;

namespace Orrery.Query.Tests.PromQL.Functions;

// Schema 0: positive bucket i holds (2^(i-1), 2^i]; negative bucket i mirrors it.
public class NativeHistogramTests
{
    // (0.5,1]: 2, (1,2]: 4, (2,4]: 4.
    private static NativeHistogram Positive() => NativeHistograms.Make(count: 10, sum: 20, positive: [(0, [2, 4, 4])]);

    private static Sample H(NativeHistogram h) => new(L(("__name__", "lat"), ("job", "a")), 0, 0, h);

    [Theory]
    // rank 5 lands in (1,2] after 2 below it: 1 + 1 × 3/4.
    [InlineData(0.5, 1.75)]
    // rank 1 in (0.5,1]: 0.5 + 0.5 × 1/2.
    [InlineData(0.1, 0.75)]
    [InlineData(1, 4)]
    [InlineData(-1, double.NegativeInfinity)]
    [InlineData(2, double.PositiveInfinity)]
    [InlineData(double.NaN, double.NaN)]
    public void Quantile_interpolates_linearly_inside_the_bucket(double q, double expected)
    {
        var result = Assert.Single(Instant("histogram_quantile", [H(Positive())], scalars: [q, double.NaN]));
        Close(expected, result.F);
        Assert.Equal(L(("job", "a")), result.Metric);
    }

    [Fact]
    public void Quantile_walks_negative_buckets_from_the_most_negative_and_the_zero_bucket()
    {
        // [-1,-0.5): 2, zero bucket ±0.001: 1, (1,2]: 3.
        var h = NativeHistograms.Make(count: 6, sum: 0, positive: [(1, [3])], negative: [(0, [2])], zeroCount: 1);
        Close(-1 + 0.5 * (1.5 / 2), HistogramFunctions.NativeQuantile(0.25, h));
        // rank 3 ends in the zero bucket, which spans both sides here.
        Close(0.001, HistogramFunctions.NativeQuantile(0.5, h));
    }

    [Fact]
    public void With_only_positive_buckets_the_zero_bucket_starts_at_zero()
    {
        var h = NativeHistograms.Make(count: 4, sum: 3, positive: [(1, [2])], zeroCount: 2, zeroThreshold: 0.5);
        Close(0.25, HistogramFunctions.NativeQuantile(0.25, h)); // rank 1 of 2 in [0, 0.5].
    }

    [Fact]
    public void An_empty_histogram_has_no_quantile()
    {
        Assert.True(double.IsNaN(HistogramFunctions.NativeQuantile(0.5, NativeHistograms.Make(count: 0, sum: 0))));
    }

    [Fact]
    public void Classic_buckets_and_a_native_histogram_of_the_same_series_are_both_dropped()
    {
        var classic = new[] { S(1, ("__name__", "lat"), ("job", "a"), ("le", "1")), S(2, ("__name__", "lat"), ("job", "a"), ("le", "+Inf")) };
        Assert.Empty(Instant("histogram_quantile", [.. classic, H(Positive())], scalars: [0.5, double.NaN]));
    }

    [Theory]
    [InlineData(0, 1.5, 0.4)] // (1,2] is half covered: 2 + 2 = 4 of 10.
    [InlineData(1, 4, 0.8)]
    [InlineData(double.NegativeInfinity, double.PositiveInfinity, 1)]
    [InlineData(3, 1, 0)]
    [InlineData(double.NaN, 1, double.NaN)]
    public void Fraction_between_bounds(double lower, double upper, double expected)
    {
        var result = Assert.Single(Instant("histogram_fraction", [H(Positive())], scalars: [lower, upper, double.NaN]));
        Close(expected, result.F);
    }

    [Fact]
    public void Count_sum_avg_stddev_and_stdvar()
    {
        Assert.Equal(10, Assert.Single(Instant("histogram_count", [H(Positive()), S(5)])).F);
        Assert.Equal(20, Assert.Single(Instant("histogram_sum", [H(Positive())])).F);
        Assert.Equal(2, Assert.Single(Instant("histogram_avg", [H(Positive())])).F);
        // Each bucket's observations sit at its geometric mean; the mean is sum/count = 2.
        var variance = (2 * Math.Pow(Math.Sqrt(0.5) - 2, 2) + 4 * Math.Pow(Math.Sqrt(2) - 2, 2) + 4 * Math.Pow(Math.Sqrt(8) - 2, 2)) / 10;
        Close(variance, Assert.Single(Instant("histogram_stdvar", [H(Positive())])).F);
        Close(Math.Sqrt(variance), Assert.Single(Instant("histogram_stddev", [H(Positive())])).F);
    }

    [Fact]
    public void Add_reduces_to_the_coarser_schema()
    {
        // Schema 1 buckets 1..4 fold pairwise into schema 0 buckets 1 (1+2) and 2 (3+4).
        var fine = NativeHistograms.Make(count: 10, sum: 10, positive: [(1, [1, 2, 3, 4])], schema: 1);
        var coarse = NativeHistograms.Make(count: 15, sum: 5, positive: [(1, [10]), (1, [5])]);
        var sum = HistogramMath.Add(fine, coarse);
        Assert.Equal(0, sum.Schema);
        Assert.Equal(25, sum.Count);
        Assert.Equal(15, sum.Sum);
        Assert.Equal([(1, 13.0), (2, 7.0), (3, 5.0)], NativeHistograms.Buckets(sum.PositiveSpans, sum.PositiveBuckets));
        Assert.Equal(sum.Count, HistogramMath.Add(coarse, fine).Count);
        Assert.Equal(0, HistogramMath.Add(coarse, fine).Schema);
    }

    [Fact]
    public void Add_folds_buckets_below_the_larger_zero_threshold_into_the_zero_bucket()
    {
        // (0.25,0.5]: 1 lies inside the other operand's zero bucket of 0.5; (0.5,1]: 3 does not.
        var a = NativeHistograms.Make(count: 4, sum: 2, positive: [(-1, [1, 3])]);
        var b = NativeHistograms.Make(count: 2, sum: 0, zeroThreshold: 0.5, zeroCount: 2);
        var sum = HistogramMath.Add(a, b);
        Assert.Equal(0.5, sum.ZeroThreshold);
        Assert.Equal(3, sum.ZeroCount);
        Assert.Equal([(0, 3.0)], NativeHistograms.Buckets(sum.PositiveSpans, sum.PositiveBuckets));
    }

    [Fact]
    public void A_zero_threshold_inside_a_populated_bucket_widens_to_its_upper_edge()
    {
        var a = NativeHistograms.Make(count: 4, sum: 2, positive: [(-1, [1, 3]), (0, [6])]);
        var b = NativeHistograms.Make(count: 2, sum: 0, zeroThreshold: 0.7, zeroCount: 2);
        var sum = HistogramMath.Add(a, b);
        Assert.Equal(1, sum.ZeroThreshold);
        Assert.Equal(6, sum.ZeroCount);
        Assert.Equal([(1, 6.0)], NativeHistograms.Buckets(sum.PositiveSpans, sum.PositiveBuckets));
    }

    [Fact]
    public void Sub_and_scale()
    {
        var a = NativeHistograms.Make(count: 10, sum: 20, positive: [(0, [2, 4, 4])], negative: [(0, [1])], zeroCount: 1);
        var b = NativeHistograms.Make(count: 3, sum: 5, positive: [(1, [4])]);
        var diff = HistogramMath.Sub(a, b);
        Assert.Equal(7, diff.Count);
        Assert.Equal(15, diff.Sum);
        Assert.Equal(1, diff.ZeroCount);
        Assert.Equal([(0, 2.0), (2, 4.0)], NativeHistograms.Buckets(diff.PositiveSpans, diff.PositiveBuckets));
        Assert.Equal([(0, 1.0)], NativeHistograms.Buckets(diff.NegativeSpans, diff.NegativeBuckets));
        var half = HistogramMath.Scale(a, 0.5);
        Assert.Equal(5, half.Count);
        Assert.Equal(10, half.Sum);
        Assert.Equal(0.5, half.ZeroCount);
        Assert.Equal([1.0, 2, 2], half.PositiveBuckets);
        Assert.Equal(10, a.Count); // Operands are left alone.
    }

    [Fact]
    public void Detect_reset_follows_the_hint_then_the_counts()
    {
        var prev = Positive();
        Assert.True(HistogramMath.DetectReset(NativeHistograms.Make(count: 5, sum: 5, positive: [(0, [5])]), prev));
        // The total grew but one bucket went down.
        Assert.True(HistogramMath.DetectReset(NativeHistograms.Make(count: 30, sum: 40, positive: [(0, [1, 10, 19])]), prev));
        Assert.False(HistogramMath.DetectReset(NativeHistograms.Make(count: 30, sum: 40, positive: [(0, [2, 10, 18])]), prev));
        Assert.False(HistogramMath.DetectReset(NativeHistograms.Make(count: 1, sum: 1, hint: CounterResetHint.NotCounterReset), prev));
        Assert.True(HistogramMath.DetectReset(NativeHistograms.Make(count: 30, sum: 40, positive: [(0, [2, 10, 18])], hint: CounterResetHint.CounterReset), prev));
        // A finer schema than before is a reset; a coarser one compares folded buckets.
        Assert.True(HistogramMath.DetectReset(NativeHistograms.Make(count: 30, sum: 40, schema: 1), prev));
        Assert.False(HistogramMath.DetectReset(NativeHistograms.Make(count: 11, sum: 21, positive: [(0, [2, 9])], schema: -1), prev));
    }
}
