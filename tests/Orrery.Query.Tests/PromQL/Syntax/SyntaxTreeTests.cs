using Orrery.Query.LogQL.Syntax;
using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Labels;
using MatchType = Orrery.Signals.Labels.MatchType;
using VectorMatching = Orrery.Query.PromQL.Syntax.VectorMatching;

namespace Orrery.Query.Tests.PromQL.Syntax;

/// <summary>The trees the parser builds for each construct, compared whole.</summary>
public class SyntaxTreeTests
{
    private static VectorSelector Sel(string name, params LabelMatcher[] others) =>
        new(name, new EquatableList<LabelMatcher>([.. others, new LabelMatcher(MatchType.Equal, "__name__", name)]));

    private static EquatableList<T> L<T>(params T[] items) => new(items);

    [Fact]
    public void Selector_with_every_matcher_type_keeps_the_name_matcher_last()
    {
        var expected = Sel(
            "foo",
            new LabelMatcher(MatchType.Equal, "a", "1"),
            new LabelMatcher(MatchType.NotEqual, "b", "2"),
            new LabelMatcher(MatchType.Regex, "c", "3.*"),
            new LabelMatcher(MatchType.NotRegex, "d", "4|5"));
        Assert.Equal(expected, PromQLParser.Parse("foo{d!~'4|5', c=~`3.*`, b!=\"2\", a=\"1\"}"));
    }

    [Fact]
    public void Selector_without_name_has_a_null_name()
    {
        var parsed = Assert.IsType<VectorSelector>(PromQLParser.Parse("{__name__=~\"a:.*\"}"));
        Assert.Null(parsed.Name);
        Assert.Equal([new LabelMatcher(MatchType.Regex, "__name__", "a:.*")], parsed.Matchers);
    }

    [Theory]
    [InlineData("foo offset 5m", 300_000L, AtKind.None, 0L)]
    [InlineData("foo offset -1h30m", -5_400_000L, AtKind.None, 0L)]
    [InlineData("foo @ 1609746000.123", 0L, AtKind.Timestamp, 1_609_746_000_123L)]
    [InlineData("foo @ -1.5", 0L, AtKind.Timestamp, -1500L)]
    [InlineData("foo @ 0x10", 0L, AtKind.Timestamp, 16_000L)]
    [InlineData("foo @ start() offset 1d", 86_400_000L, AtKind.Start, 0L)]
    [InlineData("foo offset 1w @ end()", 604_800_000L, AtKind.End, 0L)]
    public void Offset_and_at_land_on_the_selector(string query, long offsetMs, AtKind at, long atMs)
    {
        var vs = Assert.IsType<VectorSelector>(PromQLParser.Parse(query));
        Assert.Equal(offsetMs, vs.OffsetMs);
        Assert.Equal(new AtModifier(at, atMs), vs.At);
    }

    [Fact]
    public void Range_selector_keeps_offset_and_at_on_its_inner_selector()
    {
        var parsed = PromQLParser.Parse("foo[1y2w3d4h5m6s7ms] offset 1m @ 10");
        var expected = new MatrixSelector(
            Sel("foo") with { OffsetMs = 60_000, At = new AtModifier(AtKind.Timestamp, 10_000) },
            ((((((365L + 14 + 3) * 24) + 4) * 60) + 5) * 60 * 1000) + 6007);
        Assert.Equal(expected, parsed);
    }

    [Fact]
    public void Subquery_has_range_step_offset_and_at()
    {
        var parsed = PromQLParser.Parse("rate(foo[5m])[1h:30s] @ start() offset 10m");
        var rate = new Call(PromFunctions.Get("rate"), L<PromExpr>(new MatrixSelector(Sel("foo"), 300_000)));
        Assert.Equal(new SubqueryExpr(rate, 3_600_000, 30_000, 600_000, new AtModifier(AtKind.Start)), parsed);
        Assert.Equal(0, Assert.IsType<SubqueryExpr>(PromQLParser.Parse("foo[5m:]")).StepMs);
    }

    [Fact]
    public void Aggregation_grouping_before_or_after_arguments_is_the_same_tree()
    {
        var expected = new AggregateExpr(AggregateOp.TopK, Sel("foo"), new NumberLiteral(5), L("a", "b"), Without: false);
        Assert.Equal(expected, PromQLParser.Parse("topk by (a, b) (5, foo)"));
        Assert.Equal(expected, PromQLParser.Parse("topk(5, foo) by (a,b,)"));
        Assert.Equal(expected with { Without = true }, PromQLParser.Parse("TOPK(5, foo) WITHOUT (a, b)"));
        var countValues = Assert.IsType<AggregateExpr>(PromQLParser.Parse("count_values(\"v\", foo)"));
        Assert.Equal(new StringLiteral("v"), countValues.Param);
    }

    [Fact]
    public void Vector_matching_is_kept_only_between_two_instant_vectors()
    {
        var onLeft = Assert.IsType<BinaryExpr>(PromQLParser.Parse("a * on(x) group_left(y) b"));
        Assert.Equal(new VectorMatching(MatchingCardinality.ManyToOne, L("x"), On: true, L("y")), onLeft.Matching);

        var ignoringRight = Assert.IsType<BinaryExpr>(PromQLParser.Parse("a / ignoring(x) group_right b"));
        Assert.Equal(new VectorMatching(MatchingCardinality.OneToMany, L("x"), On: false, EquatableList<string>.Empty), ignoringRight.Matching);

        var plain = Assert.IsType<BinaryExpr>(PromQLParser.Parse("a - b"));
        Assert.Equal(new VectorMatching(MatchingCardinality.OneToOne, EquatableList<string>.Empty, On: false, EquatableList<string>.Empty), plain.Matching);

        var set = Assert.IsType<BinaryExpr>(PromQLParser.Parse("a and on() b"));
        Assert.Equal(MatchingCardinality.ManyToMany, set.Matching!.Card);
        Assert.True(set.Matching.On);

        Assert.Null(Assert.IsType<BinaryExpr>(PromQLParser.Parse("a > bool 1")).Matching);
        Assert.Null(Assert.IsType<BinaryExpr>(PromQLParser.Parse("1 + on() a")).Matching);
        Assert.True(Assert.IsType<BinaryExpr>(PromQLParser.Parse("a > bool 1")).ReturnBool);
    }

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1E-3", 0.001)]
    [InlineData("0x1f", 31.0)]
    [InlineData("0XfF", 255.0)]
    [InlineData("017", 15.0)]
    [InlineData("089", 89.0)]
    [InlineData("-2.5", -2.5)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("nAn", double.NaN)]
    [InlineData("99999999999999999999", 1e20)]
    public void Numbers_read_as_Go_reads_them(string query, double value) =>
        Assert.Equal(new NumberLiteral(value), PromQLParser.Parse(query));

    [Theory]
    [InlineData("\"a\\tb\"", "a\tb")]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("`raw\\n`", "raw\\n")]
    [InlineData("\"\\x41\\102\\u00e9\\U0001F600\"", "AB\u00e9\U0001F600")]
    [InlineData("\"\\xc3\\xa9\"", "\u00e9")]
    [InlineData("\"\\a\\b\\f\\n\\r\\v\\\\\\\"\"", "\a\b\f\n\r\v\\\"")]
    public void Strings_unescape_as_Go_does(string query, string value) =>
        Assert.Equal(new StringLiteral(value), PromQLParser.Parse(query));

    [Fact]
    public void Positions_are_offsets_of_each_node_start()
    {
        var b = Assert.IsType<BinaryExpr>(PromQLParser.Parse("sum(x) + rate(y[5m])"));
        Assert.Equal(0, b.Position);
        Assert.Equal(9, b.Rhs.Position);
        var call = Assert.IsType<Call>(b.Rhs);
        Assert.Equal(14, call.Args[0].Position);
    }

    [Fact]
    public void Trees_compare_by_value_and_ignore_positions()
    {
        Assert.Equal(PromQLParser.Parse("sum by (a) (rate(x{b=\"c\"}[5m]))"), PromQLParser.Parse("  sum(rate(x{b='c'}[300s])) by (a)"));
        Assert.Equal(PromQLParser.Parse("a+b").GetHashCode(), PromQLParser.Parse(" a + b ").GetHashCode());
        Assert.NotEqual(PromQLParser.Parse("a + b"), PromQLParser.Parse("a - b"));
        Assert.NotEqual(PromQLParser.Parse("a{x=\"1\"}"), PromQLParser.Parse("a{x=\"2\"}"));
        Assert.NotEqual(PromQLParser.Parse("(a)"), PromQLParser.Parse("a"));
    }

    [Fact]
    public void Selector_parser_returns_the_matchers_of_match_parameters()
    {
        var parsed = PromQLParser.ParseSelector("up{job=\"api\"}");
        Assert.Equal(Sel("up", new LabelMatcher(MatchType.Equal, "job", "api")), parsed);
        Assert.Equal("match[] must contain at least one non-empty matcher", Assert.Throws<PromQLParseException>(() => PromQLParser.ParseSelector("{a=~\".*\"}")).Message);
    }

    [Fact]
    public void Error_positions_count_lines_and_utf8_bytes_from_the_line_start()
    {
        var e = Assert.Throws<PromQLParseException>(() => PromQLParser.Parse("foo{a=\"é\"}\n  + é"));
        Assert.Equal("2:5: parse error: unexpected character: 'é'", e.Message);
        Assert.Equal((2, 5, 15), (e.Line, e.Column, e.Position));
    }
}
