using Orrery.Query.PromQL.Engine;
using static Orrery.Query.Tests.PromQL.Functions.FunctionKit;

namespace Orrery.Query.Tests.PromQL.Functions;

public class TrendFunctionTests
{
    private static readonly FPoint[] s_values = Points((30, 10), (90, 20), (150, 30), (210, 5), (270, 15));

    [Fact]
    public void Deriv_is_the_least_squares_slope()
    {
        // x (s from the first point) 0..240 step 60, mean 120; y mean 16.
        // Σ(x-x̄)(y-ȳ) = -120·-6 + -60·4 + 0 + 60·-11 + 120·-1 = 720-240-660-120 = -300; Σ(x-x̄)² = 36000.
        Close(-300.0 / 36000, Range("deriv", s_values, 0, 300).Value);
    }

    [Fact]
    public void Predict_linear_extends_the_line_from_the_evaluation_time()
    {
        // The line passes (150 s, 16) with slope -1/120: at 300 s it is 14.75, 600 s later 9.75.
        Close(9.75, Range("predict_linear", s_values, 0, 300, scalars: [double.NaN, 600]).Value);
        // Under offset 1m the same window is evaluated at 360 s: 9.25 (as Prometheus does).
        Close(9.25, Range("predict_linear", s_values, 0, 300, scalars: [double.NaN, 600], evalSeconds: 360).Value);
    }

    [Fact]
    public void A_flat_series_has_slope_zero_exactly()
    {
        var flat = Points((0, 3), (10, 3), (20, 3));
        Assert.Equal(0, Range("deriv", flat, 0, 30).Value);
        Assert.Equal(3, Range("predict_linear", flat, 0, 30, scalars: [double.NaN, 100]).Value);
    }

    [Fact]
    public void Holt_winters_smooths_level_and_trend()
    {
        // sf 0.5, tf 0.3, level s and trend b start at 10 and 10 (the first difference); step by step:
        // 0.5·20 + 0.5·(10+10) = 20; b = 0.3·10 + 0.7·10 = 10; 0.5·30 + 0.5·30 = 30;
        // b = 0.3·10 + 0.7·10 = 10; 0.5·5 + 0.5·40 = 22.5; b = 0.3·-7.5 + 0.7·10 = 4.75; 0.5·15 + 0.5·27.25 = 21.125.
        Close(21.125, Range("holt_winters", s_values, 0, 300, scalars: [double.NaN, 0.5, 0.3]).Value);
        Close(21.125, Range("double_exponential_smoothing", s_values, 0, 300, scalars: [double.NaN, 0.5, 0.3]).Value);
    }

    [Theory]
    [InlineData(0, 0.5, "invalid smoothing factor. Expected: 0 < sf < 1, got: 0.000000")]
    [InlineData(0.5, 1, "invalid trend factor. Expected: 0 < tf < 1, got: 1.000000")]
    public void Holt_winters_rejects_factors_outside_the_open_unit_interval(double sf, double tf, string message)
    {
        var e = Assert.Throws<PromQLException>(() => Range("holt_winters", s_values, 0, 300, scalars: [double.NaN, sf, tf]));
        Assert.Equal(message, e.Message);
        Assert.Equal(PromErrorType.Execution, e.ErrorType);
    }

    [Fact]
    public void Resets_counts_drops_and_changes_counts_differences()
    {
        Assert.Equal(1, Range("resets", s_values, 0, 300).Value);
        Assert.Equal(4, Range("changes", s_values, 0, 300).Value);
        // NaN to NaN is no change; a single point has none.
        Assert.Equal(1, Range("changes", Points((1, double.NaN), (2, double.NaN), (3, 1)), 0, 10).Value);
        Assert.Equal(0, Range("changes", Points((1, 4)), 0, 10).Value);
    }

    [Fact]
    public void Resets_and_changes_of_native_histograms()
    {
        var a = NativeHistograms.Make(count: 5, sum: 5, positive: [(0, [5])]);
        var b = NativeHistograms.Make(count: 5, sum: 5, positive: [(0, [5])]);
        var c = NativeHistograms.Make(count: 2, sum: 2, positive: [(0, [2])]);
        HPoint[] points = [new(1000, a), new(2000, b), new(3000, c)];
        Assert.Equal(1, Range("resets", [], 0, 10, histograms: points).Value);
        Assert.Equal(1, Range("changes", [], 0, 10, histograms: points).Value);
    }
}
