using Orrery.Query.PromQL.Engine;
using static Orrery.Query.Tests.PromQL.Engine.EngineKit;

namespace Orrery.Query.Tests.PromQL.Engine;

public class AggregationTests
{
    private static MemoryMetricReader Data() => new MemoryMetricReader()
        .Add("m", [("job", "api"), ("instance", "a")], (0, 10))
        .Add("m", [("job", "api"), ("instance", "b")], (0, 20))
        .Add("m", [("job", "web"), ("instance", "a")], (0, 30))
        .Add("m", [("job", "web"), ("instance", "b")], (0, double.NaN))
        .Add("ones", [("i", "1")], (0, 1))
        .Add("ones", [("i", "2")], (0, 1))
        .Add("ones", [("i", "3")], (0, 2));

    private const string NoNaN = "m{instance!=\"b\"} or m{job=\"api\"}";

    [Theory]
    [InlineData("sum by (job) (" + NoNaN + ")", new[] { "{job=\"api\"} 30", "{job=\"web\"} 30" })]
    [InlineData("sum without (instance) (" + NoNaN + ")", new[] { "{job=\"api\"} 30", "{job=\"web\"} 30" })]
    [InlineData("sum(" + NoNaN + ")", new[] { "{} 60" })]
    [InlineData("avg(" + NoNaN + ")", new[] { "{} 20" })]
    [InlineData("count(m)", new[] { "{} 4" })]
    [InlineData("group by (instance) (m)", new[] { "{instance=\"a\"} 1", "{instance=\"b\"} 1" })]
    [InlineData("min(m)", new[] { "{} 10" })]
    [InlineData("max by (job) (m)", new[] { "{job=\"api\"} 20", "{job=\"web\"} 30" })]
    [InlineData("stdvar(" + NoNaN + ")", new[] { "{} 66.66666666666667" })]
    [InlineData("stddev(" + NoNaN + ")", new[] { "{} 8.16496580927726" })]
    [InlineData("quantile(0.5, " + NoNaN + ")", new[] { "{} 20" })]
    [InlineData("quantile(0.25, " + NoNaN + ")", new[] { "{} 15" })]
    [InlineData("quantile(-1, " + NoNaN + ")", new[] { "{} -Infinity" })]
    [InlineData("quantile(2, " + NoNaN + ")", new[] { "{} Infinity" })]
    [InlineData("sum by (__name__) (ones)", new[] { "{__name__=\"ones\"} 4" })]
    [InlineData("count_values(\"value\", ones)", new[] { "{value=\"1\"} 2", "{value=\"2\"} 1" })]
    [InlineData("count_values without (i) (\"v\", ones)", new[] { "{v=\"1\"} 2", "{v=\"2\"} 1" })]
    [InlineData("count_values by (i) (\"i\", ones)", new[] { "{i=\"1\"} 2", "{i=\"2\"} 1" })]
    public void Aggregations(string query, string[] expected)
    {
        Assert.Equal(expected.Order(StringComparer.Ordinal), SortedLines(Instant(Data(), query, 10 * S)));
    }

    [Fact]
    public void Avg_uses_an_incremental_mean_that_does_not_overflow()
    {
        var reader = new MemoryMetricReader().Add("big", [("i", "1")], (0, 1e308)).Add("big", [("i", "2")], (0, 1e308));
        Assert.Equal(["{} 1E+308"], Lines(Instant(reader, "avg(big)", 0)));
    }

    [Fact]
    public void Count_values_formats_values_like_go()
    {
        var reader = new MemoryMetricReader().Add("v", [("i", "1")], (0, 1e21)).Add("v", [("i", "2")], (0, 0.000001));
        Assert.Equal(["{x=\"0.000001\"} 1", "{x=\"1000000000000000000000\"} 1"], SortedLines(Instant(reader, "count_values(\"x\", v)", 0)));
    }

    [Fact]
    public void Count_values_rejects_an_invalid_label_name()
    {
        var e = Assert.Throws<PromQLException>(() => Instant(Data(), "count_values(\"a-b\", ones)", 0));
        Assert.Equal("invalid label name \"a-b\"", e.Message);
    }

    [Fact]
    public void Topk_orders_each_group_descending_with_nan_last()
    {
        var lines = Lines(Instant(Data(), "topk(3, m)", 10 * S));
        Assert.Equal(
            ["{__name__=\"m\", instance=\"a\", job=\"web\"} 30", "{__name__=\"m\", instance=\"b\", job=\"api\"} 20", "{__name__=\"m\", instance=\"a\", job=\"api\"} 10"],
            lines);
    }

    [Fact]
    public void Bottomk_orders_each_group_ascending_and_groups_keep_first_seen_order()
    {
        var lines = Lines(Instant(Data(), "bottomk by (job) (1, m)", 10 * S));
        Assert.Equal(["{__name__=\"m\", instance=\"a\", job=\"api\"} 10", "{__name__=\"m\", instance=\"a\", job=\"web\"} 30"], lines);
    }

    [Theory]
    [InlineData("topk(2, w)", "5 4")]
    [InlineData("bottomk(2, w)", "1 2")]
    [InlineData("topk(4, w)", "5 4 3 2")]
    [InlineData("bottomk(6, w)", "1 2 3 4 5 NaN")]
    [InlineData("topk(2.9, w)", "5 4")]
    public void Topk_and_bottomk_keep_the_best_k_in_order(string query, string values)
    {
        var reader = new MemoryMetricReader();
        double[] all = [3, double.NaN, 5, 1, 4, 2];
        for (var i = 0; i < all.Length; i++) reader.Add("w", [("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))], (0, all[i]));
        var result = (VectorValue)Instant(reader, query, 0).Value;
        Assert.Equal(values, string.Join(" ", result.Samples.Select(s => Num(s.F))));
    }

    [Fact]
    public void Topk_below_one_selects_nothing()
    {
        Assert.Empty(Lines(Instant(Data(), "topk(0, m)", 10 * S)));
    }

    [Fact]
    public void Topk_in_a_range_query_picks_per_step()
    {
        var reader = new MemoryMetricReader()
            .Add("g", [("i", "1")], (0, 1), (10_000, 5))
            .Add("g", [("i", "2")], (0, 3), (10_000, 2));
        Assert.Equal(["{__name__=\"g\", i=\"1\"} 5@10", "{__name__=\"g\", i=\"2\"} 3@0"], Lines(Range(reader, "topk(1, g)", 0, 10 * S, 10 * S)));
    }
}
