using Orrery.Query.PromQL.Engine;
using static Orrery.Query.Tests.PromQL.Functions.FunctionKit;

namespace Orrery.Query.Tests.PromQL.Functions;

// Expected values agree with Prometheus 2.42 (promtool test rules on the same buckets).
public class HistogramQuantileTests
{
    private static Sample Bucket(string le, double count, string name = "h_bucket", string job = "a") =>
        S(count, ("__name__", name), ("job", job), ("le", le));

    // 0.1:10, 0.5:8 (a dip, lifted to 10), 1:30 and 1.0:2 (the same bound, merged to 32), +Inf:40.
    private static readonly Sample[] s_buckets =
        [Bucket("0.1", 10), Bucket("0.5", 8), Bucket("1", 30), Bucket("1.0", 2), Bucket("+Inf", 40)];

    [Theory]
    // rank 20 falls in (0.5, 1]: 0.5 + 0.5 × (20-10)/(32-10).
    [InlineData(0.5, 0.5 + 0.5 * 10 / 22)]
    // rank 8 falls in the first bucket, which starts at 0.
    [InlineData(0.2, 0.1 * (8.0 / 10))]
    // rank 39.6 is only reached by +Inf: the highest finite bound.
    [InlineData(0.99, 1)]
    [InlineData(-0.5, double.NegativeInfinity)]
    [InlineData(1.5, double.PositiveInfinity)]
    [InlineData(double.NaN, double.NaN)]
    public void Interpolates_within_sorted_merged_monotonic_buckets(double q, double expected)
    {
        var result = Assert.Single(Instant("histogram_quantile", s_buckets, scalars: [q, double.NaN]));
        Close(expected, result.F);
        Assert.Equal(L(("job", "a")), result.Metric);
    }

    [Fact]
    public void Only_a_plus_inf_bucket_gives_NaN()
    {
        var result = Assert.Single(Instant("histogram_quantile", [Bucket("+Inf", 10)], scalars: [0.9, double.NaN]));
        Assert.True(double.IsNaN(result.F));
    }

    [Fact]
    public void Without_a_plus_inf_bucket_the_quantile_is_NaN()
    {
        var result = Assert.Single(Instant("histogram_quantile", [Bucket("1", 3), Bucket("2", 5)], scalars: [0.5, double.NaN]));
        Assert.True(double.IsNaN(result.F));
    }

    [Fact]
    public void A_first_bucket_ending_at_or_below_zero_answers_its_bound()
    {
        var result = Assert.Single(Instant("histogram_quantile", [Bucket("-1", 5), Bucket("+Inf", 10)], scalars: [0.1, double.NaN]));
        Assert.Equal(-1, result.F);
    }

    [Fact]
    public void No_observations_gives_NaN()
    {
        var result = Assert.Single(Instant("histogram_quantile", [Bucket("1", 0), Bucket("+Inf", 0)], scalars: [0.5, double.NaN]));
        Assert.True(double.IsNaN(result.F));
    }

    [Fact]
    public void Groups_by_every_label_but_le_and_skips_samples_without_a_valid_le()
    {
        Sample[] input =
        [
            Bucket("1", 2, job: "a"), Bucket("+Inf", 4, job: "a"),
            Bucket("1", 1, job: "b"), Bucket("+Inf", 1, job: "b"),
            S(100, ("__name__", "h_bucket"), ("job", "c")),
            S(100, ("__name__", "h_bucket"), ("job", "c"), ("le", "x")),
        ];
        var results = Instant("histogram_quantile", input, scalars: [0.5, double.NaN]).ToDictionary(s => s.Metric.Get("job"), s => s.F);
        Assert.Equal(2, results.Count);
        Assert.Equal(1, results["a"]); // rank 2 reaches the 1 bucket exactly: 0 + 1 × 2/2.
        Assert.Equal(0.5, results["b"]);
    }

    [Theory]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("0.25", 0.25)]
    [InlineData("1e3", 1000)]
    [InlineData(".5", 0.5)]
    public void Parses_le_like_go(string text, double expected)
    {
        Assert.True(Orrery.Query.PromQL.Functions.HistogramFunctions.TryParseGoFloat(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("abc")]
    [InlineData("1,5")]
    public void Rejects_le_values_go_rejects(string text)
    {
        Assert.False(Orrery.Query.PromQL.Functions.HistogramFunctions.TryParseGoFloat(text, out _));
    }
}
