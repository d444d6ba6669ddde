using Orrery.Query.PromQL.Engine;
using static Orrery.Query.Tests.PromQL.Functions.FunctionKit;

namespace Orrery.Query.Tests.PromQL.Functions;

// Expected labels agree with Prometheus 2.42 (promtool test rules on the same series).
public class LabelFunctionTests
{
    private static readonly Sample s_series = S(1, ("__name__", "x"), ("a", "foo-bar"));

    private static Sample Replace(Sample input, string dst, string replacement, string src, string regex) =>
        Assert.Single(Instant("label_replace", [input], strings: [null, dst, replacement, src, regex]));

    [Theory]
    [InlineData(@"(\w+)-(\w+)", "$2-$1", "bar-foo")]
    [InlineData(@"(\w+)-(\w+)", "$1-${2}x$3", "foo-barx")] // $3 does not exist: empty.
    [InlineData(@"(?P<first>\w+)-(\w+)", "$2", "bar")] // Named groups count in Go's numbering.
    [InlineData(@"(?P<first>\w+)-(\w+)", "${first}!", "foo!")]
    [InlineData(@"(.*)", "$$1", "$1")]
    [InlineData(@"foo-.*", "lit", "lit")]
    [InlineData(@"(\w+)-(\w+)", "$", "$")]
    [InlineData(@"\Qfoo-\E(.*)", "$1", "bar")]
    [InlineData(@"[[:alpha:]]+-([[:alpha:]]+)", "$1", "bar")]
    public void Replaces_with_go_expansion(string regex, string replacement, string expected)
    {
        var result = Replace(s_series, "b", replacement, "a", regex);
        Assert.Equal(expected, result.Metric.Get("b"));
        Assert.Equal("x", result.Metric.Name); // label_replace keeps the metric name.
    }

    [Fact]
    public void A_template_naming_a_missing_group_expands_to_empty_and_deletes_the_label()
    {
        // "$1x" names group "1x", which does not exist; an empty result removes the label.
        var result = Replace(S(1, ("a", "foo-bar"), ("b", "old")), "b", "$1x", "a", @"(\w+)-(\w+)");
        Assert.False(result.Metric.Has("b"));
    }

    [Fact]
    public void No_match_leaves_the_series_unchanged()
    {
        var result = Replace(s_series, "b", "$1", "a", "nomatch(.*)");
        Assert.Equal(s_series.Metric, result.Metric);
    }

    [Fact]
    public void The_regex_is_anchored_at_both_ends()
    {
        Assert.False(Replace(s_series, "b", "y", "a", "foo").Metric.Has("b"));
        Assert.False(Replace(S(1, ("a", "foo\n")), "b", "y", "a", "foo").Metric.Has("b"));
        Assert.Equal("y", Replace(s_series, "b", "y", "a", "foo.*").Metric.Get("b"));
    }

    [Fact]
    public void A_missing_source_label_matches_as_empty()
    {
        Assert.Equal("empty", Replace(s_series, "b", "empty", "missing", "").Metric.Get("b"));
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("a-b")]
    [InlineData("")]
    public void An_invalid_destination_label_name_is_an_execution_error(string dst)
    {
        var e = Assert.Throws<PromQLException>(() => Instant("label_replace", [], strings: [null, dst, "x", "a", ".*"]));
        Assert.Equal("invalid destination label name in label_replace(): " + dst, e.Message);
        Assert.Equal(PromErrorType.Execution, e.ErrorType);
    }

    [Fact]
    public void An_invalid_regex_is_an_execution_error()
    {
        var e = Assert.Throws<PromQLException>(() => Instant("label_replace", [s_series], strings: [null, "b", "x", "a", "(unclosed"]));
        Assert.Equal("invalid regular expression in label_replace(): (unclosed", e.Message);
    }

    [Fact]
    public void Label_join_joins_sources_in_order_with_missing_ones_empty()
    {
        var input = S(1, ("__name__", "x"), ("a", "1"), ("b", "2"));
        var result = Assert.Single(Instant("label_join", [input], strings: [null, "dst", "-", "b", "missing", "a"]));
        Assert.Equal("2--1", result.Metric.Get("dst"));
        Assert.Equal("x", result.Metric.Name);
    }

    [Fact]
    public void Label_join_of_nothing_removes_the_destination()
    {
        var input = S(1, ("a", "1"), ("dst", "old"));
        Assert.False(Assert.Single(Instant("label_join", [input], strings: [null, "dst", ","])).Metric.Has("dst"));
    }

    [Fact]
    public void Label_join_rejects_invalid_names()
    {
        var e = Assert.Throws<PromQLException>(() => Instant("label_join", [], strings: [null, "dst", ",", "bad-name"]));
        Assert.Equal("invalid source label name in label_join(): bad-name", e.Message);
        e = Assert.Throws<PromQLException>(() => Instant("label_join", [], strings: [null, "0dst", ",", "a"]));
        Assert.Equal("invalid destination label name in label_join(): 0dst", e.Message);
    }
}
