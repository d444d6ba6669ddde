using Orrery.Query.PromQL.Engine;
using static Orrery.Query.Tests.PromQL.Functions.FunctionKit;

namespace Orrery.Query.Tests.PromQL.Functions;

// Expected values are worked out by hand in the comments and agree with Prometheus 2.42
// (promtool test rules on the same samples).
public class RateFunctionTests
{
    // A counter sampled every 60 s inside a 300 s window, reset between 150 s and 210 s.
    private static readonly FPoint[] s_counterWithReset = Points((30, 10), (90, 20), (150, 30), (210, 5), (270, 15));

    [Fact]
    public void Rate_adds_back_what_a_counter_reset_lost_and_extrapolates_to_both_edges()
    {
        // Raw increase 15 - 10 + 30 (the value before the reset) = 35 over 240 s; both edges are
        // 30 s away, under 1.1 × the 60 s average spacing, so it extends to 300 s: 35 × 300/240 = 43.75.
        var rate = Range("rate", s_counterWithReset, 0, 300);
        Assert.True(rate.Produced);
        Close(43.75 / 300, rate.Value);
        Close(43.75, Range("increase", s_counterWithReset, 0, 300).Value);
    }

    [Fact]
    public void A_gap_at_the_start_extrapolates_only_half_an_interval()
    {
        // Samples at 180, 240, 300 s: 20 over 120 s; 180 s to the start exceeds 66 s, so only
        // 30 s are added there; the end is on the last sample: 20 × 150/120 = 25.
        var late = Points((180, 100), (240, 110), (300, 120));
        Close(25, Range("increase", late, 0, 300).Value);
    }

    [Fact]
    public void A_counter_is_not_extrapolated_below_zero()
    {
        // 4 → 34 over 300 s (60 s spacing), 300 s after the window start. The zero point is
        // 300 × 4/30 = 40 s before the first sample, which is under the 66 s threshold, so the
        // start extends by 40 s (Prometheus 2.42 clamps before the threshold test): 30 × 340/300 = 34.
        var counter = Points((300, 4), (360, 10), (420, 16), (480, 22), (540, 28), (600, 34));
        Close(34, Range("increase", counter, 0, 600).Value);
    }

    [Fact]
    public void Delta_of_a_gauge_may_go_negative_and_ignores_resets()
    {
        // 10, 4, 7, 1 at 60..240 s: -9 over 180 s extended by 60 s at each edge: -9 × 300/180 = -15.
        var gauge = Points((60, 10), (120, 4), (180, 7), (240, 1));
        Close(-15, Range("delta", gauge, 0, 300).Value);
    }

    [Theory]
    [InlineData("rate")]
    [InlineData("increase")]
    [InlineData("delta")]
    [InlineData("irate")]
    [InlineData("idelta")]
    public void One_point_gives_no_output(string function)
    {
        Assert.False(Range(function, Points((100, 5)), 0, 300).Produced);
    }

    [Fact]
    public void Irate_uses_the_last_two_points_and_treats_a_drop_as_a_reset()
    {
        Close(10.0 / 60, Range("irate", s_counterWithReset, 0, 300).Value);
        // 30 → 5: after a reset the counter counted 5 in 60 s.
        Close(5.0 / 60, Range("irate", Points((150, 30), (210, 5)), 0, 300).Value);
        Close(-25, Range("idelta", Points((150, 30), (210, 5)), 0, 300).Value);
    }

    [Fact]
    public void A_window_mixing_floats_and_histograms_has_no_rate()
    {
        var h = new Orrery.Signals.Metrics.NativeHistogram { Count = 1, Sum = 1 };
        Assert.False(Range("rate", Points((10, 1), (20, 2)), 0, 60, histograms: [new HPoint(30_000, h)]).Produced);
    }

    [Fact]
    public void Rate_of_native_histograms_extrapolates_every_bucket()
    {
        // Two samples 60 s apart in a 120 s window, each edge 30 s away (< 66 s): factor 120/60 = 2, rate /120 s.
        var first = NativeHistograms.Make(count: 10, sum: 20, positive: [(0, [4, 6])]);
        var second = NativeHistograms.Make(count: 16, sum: 35, positive: [(0, [5, 11])]);
        var result = Range("rate", [], 0, 120, histograms: [new HPoint(30_000, first), new HPoint(90_000, second)]);
        Assert.True(result.Produced);
        var h = Assert.IsType<Orrery.Signals.Metrics.NativeHistogram>(result.Histogram);
        Close(6 * 2 / 120.0, h.Count);
        Close(15 * 2 / 120.0, h.Sum);
        Assert.Equal([1 * 2 / 120.0, 5 * 2 / 120.0], h.PositiveBuckets);
        Assert.Equal(Orrery.Signals.Metrics.CounterResetHint.Gauge, h.ResetHint);
    }

    [Fact]
    public void Increase_of_native_histograms_adds_back_the_histogram_before_a_reset()
    {
        var a = NativeHistograms.Make(count: 10, sum: 10, positive: [(0, [10])]);
        var b = NativeHistograms.Make(count: 3, sum: 3, positive: [(0, [3])]);
        var c = NativeHistograms.Make(count: 7, sum: 7, positive: [(0, [7])]);
        // 7 - 10 + 10 (reset between a and b) = 7 over 120 s, edges on the samples: no extrapolation.
        var result = Range("increase", [], 0, 120, histograms: [new HPoint(0, a), new HPoint(60_000, b), new HPoint(120_000, c)]);
        Close(7, result.Histogram!.Count);
        Assert.Equal([7.0], result.Histogram.PositiveBuckets);
    }
}
