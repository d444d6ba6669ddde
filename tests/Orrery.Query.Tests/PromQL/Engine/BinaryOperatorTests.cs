using Orrery.Query.PromQL.Engine;
using static Orrery.Query.Tests.PromQL.Engine.EngineKit;

namespace Orrery.Query.Tests.PromQL.Engine;

public class BinaryOperatorTests
{
    private static MemoryMetricReader Data() => new MemoryMetricReader()
        .Add("http_requests", [("job", "api"), ("instance", "a")], (0, 10))
        .Add("http_requests", [("job", "api"), ("instance", "b")], (0, 20))
        .Add("http_requests", [("job", "web"), ("instance", "a")], (0, 30))
        .Add("http_errors", [("job", "api"), ("instance", "a")], (0, 1))
        .Add("http_errors", [("job", "api"), ("instance", "b")], (0, 4))
        .Add("job_info", [("job", "api"), ("team", "t1")], (0, 1))
        .Add("job_info", [("job", "web"), ("team", "t2")], (0, 1));

    private const string ApiA = "instance=\"a\", job=\"api\"";
    private const string ApiB = "instance=\"b\", job=\"api\"";
    private const string WebA = "instance=\"a\", job=\"web\"";

    [Theory]
    [InlineData("http_errors / http_requests", new[] { "{" + ApiA + "} 0.1", "{" + ApiB + "} 0.2" })]
    [InlineData("http_requests > 15", new[] { "{__name__=\"http_requests\", " + ApiB + "} 20", "{__name__=\"http_requests\", " + WebA + "} 30" })]
    [InlineData("15 < http_requests", new[] { "{__name__=\"http_requests\", " + ApiB + "} 20", "{__name__=\"http_requests\", " + WebA + "} 30" })]
    [InlineData("http_requests > bool 15", new[] { "{" + ApiA + "} 0", "{" + ApiB + "} 1", "{" + WebA + "} 1" })]
    [InlineData("http_requests - 5", new[] { "{" + ApiA + "} 5", "{" + ApiB + "} 15", "{" + WebA + "} 25" })]
    [InlineData("2 ^ http_errors", new[] { "{" + ApiA + "} 2", "{" + ApiB + "} 16" })]
    [InlineData("http_requests % 7", new[] { "{" + ApiA + "} 3", "{" + ApiB + "} 6", "{" + WebA + "} 2" })]
    [InlineData("http_requests == http_errors * 10", new[] { "{__name__=\"http_requests\", " + ApiA + "} 10" })]
    [InlineData("http_requests * on(job) group_left(team) job_info",
        new[] { "{" + ApiA + ", team=\"t1\"} 10", "{" + ApiB + ", team=\"t1\"} 20", "{" + WebA + ", team=\"t2\"} 30" })]
    [InlineData("job_info * on(job) group_right(team) http_requests",
        new[] { "{" + ApiA + ", team=\"t1\"} 10", "{" + ApiB + ", team=\"t1\"} 20", "{" + WebA + ", team=\"t2\"} 30" })]
    [InlineData("http_requests / on(job, instance) http_errors", new[] { "{" + ApiA + "} 10", "{" + ApiB + "} 5" })]
    [InlineData("http_requests / on(instance) group_left http_requests{job=\"web\"}", new[] { "{" + ApiA + "} 0.3333333333333333", "{" + WebA + "} 1" })]
    [InlineData("http_requests > on(job) group_left job_info", new[] { "{__name__=\"http_requests\", " + ApiA + "} 10", "{__name__=\"http_requests\", " + ApiB + "} 20", "{__name__=\"http_requests\", " + WebA + "} 30" })]
    [InlineData("http_requests and http_errors", new[] { "{__name__=\"http_requests\", " + ApiA + "} 10", "{__name__=\"http_requests\", " + ApiB + "} 20" })]
    [InlineData("http_requests unless http_errors", new[] { "{__name__=\"http_requests\", " + WebA + "} 30" })]
    [InlineData("http_requests and on(job) job_info{job=\"web\"}", new[] { "{__name__=\"http_requests\", " + WebA + "} 30" })]
    [InlineData("http_requests unless on(job) job_info", new string[0])]
    [InlineData("http_requests unless ignoring(instance) job_info", new[] { "{__name__=\"http_requests\", " + ApiA + "} 10", "{__name__=\"http_requests\", " + ApiB + "} 20", "{__name__=\"http_requests\", " + WebA + "} 30" })]
    public void Vector_operations(string query, string[] expected)
    {
        Assert.Equal(expected.Order(StringComparer.Ordinal), SortedLines(Instant(Data(), query, 10 * S)));
    }

    [Fact]
    public void Or_keeps_the_left_side_then_unmatched_right_side_in_order()
    {
        var lines = Lines(Instant(Data(), "http_errors or http_requests", 10 * S));
        Assert.Equal(["{__name__=\"http_errors\", " + ApiA + "} 1", "{__name__=\"http_errors\", " + ApiB + "} 4", "{__name__=\"http_requests\", " + WebA + "} 30"], lines);
    }

    [Fact]
    public void Scalar_comparisons_need_bool_and_give_one_or_zero()
    {
        Assert.Equal(["1"], Lines(Instant(Data(), "2 > bool 1", 0)));
        Assert.Equal(["0"], Lines(Instant(Data(), "2 == bool 1", 0)));
    }

    [Fact]
    public void One_to_one_with_several_matches_on_the_left_must_be_explicit()
    {
        var e = Assert.Throws<PromQLException>(() => Instant(Data(), "http_requests * on(job) job_info", 10 * S));
        Assert.Equal(PromErrorType.Execution, e.ErrorType);
        Assert.Equal("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)", e.Message);
    }

    [Fact]
    public void Duplicates_on_the_one_side_are_many_to_many()
    {
        var e = Assert.Throws<PromQLException>(() => Instant(Data(), "job_info * on(job) http_requests", 10 * S));
        Assert.Equal(
            "found duplicate series for the match group {job=\"api\"} on the right hand-side of the operation: " +
            "[{__name__=\"http_requests\", " + ApiA + "}, {__name__=\"http_requests\", " + ApiB + "}]" +
            ";many-to-many matching not allowed: matching labels must be unique on one side", e.Message);

        e = Assert.Throws<PromQLException>(() => Instant(Data(), "http_requests * on(job) group_right job_info", 10 * S));
        Assert.Contains("on the left hand-side of the operation", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grouping_labels_must_make_many_to_one_matches_unique()
    {
        var reader = new MemoryMetricReader()
            .Add("a", [("x", "1")], (0, 1))
            .Add("c", [("x", "1")], (0, 2))
            .Add("b", [("x", "1")], (0, 1));
        var e = Assert.Throws<PromQLException>(() => Instant(reader, "{__name__=~\"a|c\"} + on(x) group_left b", 10 * S));
        Assert.Equal(PromErrorType.Execution, e.ErrorType);
        Assert.Equal("multiple matches for labels: grouping labels must ensure unique matches", e.Message);
    }

    [Fact]
    public void Dropping_the_metric_name_can_collide()
    {
        var e = Assert.Throws<PromQLException>(() => Instant(Data(), "{__name__=~\"http_.*\"} * 1", 10 * S));
        Assert.Equal("vector cannot contain metrics with the same labelset", e.Message);
    }

    [Fact]
    public void Unary_minus_drops_the_name()
    {
        Assert.Equal(["{" + ApiA + "} -1", "{" + ApiB + "} -4"], SortedLines(Instant(Data(), "-http_errors", 10 * S)));
    }
}
