using Orrery.Query.LogQL.Syntax;

namespace Orrery.Query.Tests.LogQL;

public class LogQLParserTests
{
    [Theory]
    [InlineData("""{app="foo"}""")]
    [InlineData("""{app="foo", env=~"prod|dev", job!="x", ns!~"kube-.*"}""")]
    [InlineData("""{app="foo"} |= "error\n\"quoted\"" """)]
    [InlineData("""{app="foo"} |= "a" or "b" != "c" |~ "t.*o" !~ "x" """)]
    [InlineData("""{app="foo"} | json""")]
    [InlineData("""{app="foo"} | json first="servers[0]", ua="request.headers[\"User-Agent\"]" """)]
    [InlineData("""{app="foo"} | logfmt""")]
    [InlineData("""{app="foo"} | logfmt --strict --keep-empty""")]
    [InlineData("""{app="foo"} | logfmt --strict level="lvl", msg="message" """)]
    [InlineData("""{app="foo"} | regexp "(?P<method>\\w+) (?P<path>\\S+)" """)]
    [InlineData("""{app="foo"} | pattern "<ip> - - <_> \"<method> <uri> <_>\" <status>" """)]
    [InlineData("""{app="foo"} | unpack""")]
    [InlineData("""{app="foo"} | decolorize""")]
    [InlineData("""{app="foo"} | level="error" """)]
    [InlineData("""{app="foo"} | logfmt | status>=400 and latency>250ms or size<=1KB""")]
    [InlineData("""{app="foo"} | logfmt | (a="1" or b=~"2.*") and c!="3" and d!~"4" """)]
    [InlineData("""{app="foo"} | logfmt | a="1" and (b="2" and c="3")""")]
    [InlineData("""{app="foo"} | logfmt | status==200 and code!=-1 and ratio<0.5""")]
    [InlineData("""{app="foo"} | line_format "{{.level | ToUpper}} {{.msg}}" """)]
    [InlineData("""{app="foo"} | label_format dst=src, lvl="{{.level}}" """)]
    [InlineData("""{app="foo"} | drop a, b, c="x", __error__""")]
    [InlineData("""{app="foo"} | keep a, b=~"y.*" """)]
    [InlineData("""{service_name=~".+"} | trace_id="0af7651916cd43dd8448eb211c80319c" """)]
    [InlineData("""count_over_time({app="foo"}[5m])""")]
    [InlineData("""count_over_time({app="foo"} |= "x"[5m] offset 1h)""")]
    [InlineData("""rate({app="foo"}[1m30s])""")]
    [InlineData("""bytes_over_time({app="foo"}[1d])""")]
    [InlineData("""bytes_rate({app="foo"}[500ms])""")]
    [InlineData("""absent_over_time({app="foo"}[1m])""")]
    [InlineData("""rate({app="foo"} | logfmt | unwrap value[1m])""")]
    [InlineData("""sum_over_time({app="foo"} | logfmt | unwrap bytes(size) | __error__=""[5m]) by (host)""")]
    [InlineData("""quantile_over_time(0.99, {app="foo"} | json | unwrap duration(latency)[1m]) without (pod)""")]
    [InlineData("""avg_over_time({app="foo"} | json | unwrap duration_seconds(latency)[1m])""")]
    [InlineData("""{app="foo"} | logfmt | addr=ip("10.0.0.0/8") and peer!=ip("192.168.0.1-192.168.0.9")""")]
    [InlineData("""{app="foo"} |= ip("2001:db8::/32") != ip("10.1.2.3")""")]
    [InlineData("""rate_counter({app="foo"} | logfmt | unwrap requests[5m])""")]
    [InlineData("""label_replace(rate({app="foo"}[1m]), "svc", "$1-x", "app", "(.*)")""")]
    [InlineData("""sum by (svc) (label_replace(count_over_time({app="foo"}[1m]), "svc", "${name}", "app", "(?P<name>f.*)"))""")]
    [InlineData("""sum by (app) (rate({app="foo"}[1m]))""")]
    [InlineData("""count without (pod, node) (rate({app="foo"}[1m]))""")]
    [InlineData("""topk(3, sum by (app) (count_over_time({app="foo"}[1m])))""")]
    [InlineData("""bottomk(1, rate({app="foo"}[1m]))""")]
    [InlineData("""sort_desc(sum by (app) (count_over_time({app="foo"}[1m])))""")]
    [InlineData("""sum(rate({app="foo"}[1m])) / sum(rate({app="bar"}[1m]))""")]
    [InlineData("""sum(rate({app="foo"}[1m])) > bool 10""")]
    [InlineData("""sum by (a) (rate({app="foo"}[1m])) / on (a) group_left (b) sum by (a, b) (rate({app="bar"}[1m]))""")]
    [InlineData("""rate({app="foo"}[1m]) * ignoring (pod) rate({app="bar"}[1m])""")]
    [InlineData("""(rate({app="foo"}[1m]) + rate({app="bar"}[1m])) * 2""")]
    [InlineData("""(rate({app="foo"}[1m]) and rate({app="bar"}[1m])) or rate({app="baz"}[1m])""")]
    [InlineData("""rate({app="foo"}[1m]) unless rate({app="bar"}[1m])""")]
    [InlineData("""2 ^ (3 ^ rate({app="foo"}[1m]))""")]
    [InlineData("""vector(0)""")]
    [InlineData("""3""")]
    public void Canonical_queries_print_back_unchanged(string query)
    {
        query = query.TrimEnd();

        var expr = LogQLParser.Parse(query);

        Assert.Equal(query, expr.ToString());
        Assert.Equal(expr, LogQLParser.Parse(expr.ToString()));
    }

    [Theory]
    [InlineData("""{app="foo"}|="x"|json""", """{app="foo"} |= "x" | json""")]
    [InlineData("""{app=`fo"o`}""", """{app="fo\"o"}""")]
    [InlineData("""sum(rate({app="foo"}[1m])) by (app)""", """sum by (app) (rate({app="foo"}[1m]))""")]
    [InlineData("""count_over_time({app="foo"}[5m] |= "x")""", """count_over_time({app="foo"} |= "x"[5m])""")]
    [InlineData("""count_over_time(({app="foo"} |= "x")[5m])""", """count_over_time({app="foo"} |= "x"[5m])""")]
    [InlineData("""{app="foo"} | a="1", b="2" """, """{app="foo"} | a="1" and b="2" """)]
    [InlineData("""{app="foo"} | a="1" b="2" """, """{app="foo"} | a="1" and b="2" """)]
    [InlineData("""{app="foo"} | json a, b="c" """, """{app="foo"} | json a="a", b="c" """)]
    [InlineData("""-rate({app="foo"}[1m])""", """-1 * rate({app="foo"}[1m])""")]
    [InlineData("""1 + 2 * 3""", """7""")]
    [InlineData("""{app="foo"} # a comment""", """{app="foo"}""")]
    public void Equivalent_spellings_print_in_canonical_form(string query, string canonical)
    {
        Assert.Equal(canonical.TrimEnd(), LogQLParser.Parse(query.TrimEnd()).ToString());
    }

    [Fact]
    public void Parse_builds_the_expected_tree()
    {
        var expr = LogQLParser.Parse("""sum by (level) (count_over_time({app="a"} | json | level=~"err.*"[1m]))""");

        var aggregation = Assert.IsType<VectorAggregationExpr>(expr);
        Assert.Equal("sum", aggregation.Op);
        Assert.Equal(["level"], aggregation.Grouping!.Labels);
        var range = Assert.IsType<RangeAggregationExpr>(aggregation.Inner);
        Assert.Equal(60_000_000_000, range.Range.RangeNs);
        Assert.Collection(range.Range.Selector.Stages,
            s => Assert.IsType<JsonParserStage>(s),
            s => Assert.Equal(new LabelFilterStage(new StringLabelFilter(new LabelMatcherSpec(Signals.Labels.MatchType.Regex, "level", "err.*"))), s));
    }

    [Theory]
    [InlineData("""{app="foo"} | logfmt | latency>1.5s""", NumericKind.Duration, 1.5)]
    [InlineData("""{app="foo"} | logfmt | size>=2KiB""", NumericKind.Bytes, 2048)]
    [InlineData("""{app="foo"} | logfmt | size>=2KB""", NumericKind.Bytes, 2000)]
    [InlineData("""{app="foo"} | logfmt | status>=4e2""", NumericKind.Number, 400)]
    public void Numeric_label_filters_convert_their_literal(string query, NumericKind kind, double value)
    {
        var selector = Assert.IsType<LogSelectorExpr>(LogQLParser.Parse(query));

        var filter = Assert.IsType<NumericLabelFilter>(Assert.IsType<LabelFilterStage>(selector.Stages[1]).Filter);
        Assert.Equal(kind, filter.Kind);
        Assert.Equal(value, filter.Value);
    }

    [Theory]
    [InlineData("""{app="foo"} |= 1""", 1, 16, "unexpected NUMBER 1, expecting STRING")]
    [InlineData("""{app="foo" """, 1, 11, "unexpected end of input, expecting \",\" or \"}\"")]
    [InlineData("""{}""", 1, 1, "unexpected }")]
    [InlineData("""{app="foo"} | json | unwrap x""", 1, 22, "unwrap is only allowed inside a range aggregation")]
    [InlineData("""sum(count_over_time({app="foo"}[5x]))""", 1, 33, "invalid number or duration \"5x\"")]
    [InlineData("""rate({app="foo"}[1m]) by (x)""", 1, 1, "grouping not allowed for rate aggregation")]
    [InlineData("""sum_over_time({app="foo"}[1m])""", 1, 1, "invalid aggregation sum_over_time without unwrap")]
    [InlineData("""count_over_time({app="foo"} | unwrap x[1m])""", 1, 1, "invalid aggregation count_over_time with unwrap")]
    [InlineData("""{app=~".*"}""", 1, 1, "at least one regexp or equality matcher that does not have an empty-compatible value")]
    [InlineData("{app=\"foo\"}\n  | json\n  | = \"x\"", 3, 5, "unexpected \"=\"")]
    [InlineData("""{app="foo"} |~ "(unclosed" """, 1, 16, "invalid regular expression")]
    [InlineData("""topk(x, rate({a="b"}[1m]))""", 1, 6, "unexpected IDENTIFIER \"x\", expecting NUMBER")]
    [InlineData("""{a="b"} | line_format "{{.a | Nope}}" """, 1, 23, "function \"Nope\" not defined")]
    [InlineData("""{a="b"} | line_format "{{.a" """, 1, 23, "unclosed action")]
    [InlineData("""{a="b"} | regexp "(\\w+)" """, 1, 18, "at least one named capture must be supplied")]
    [InlineData("""{a="b"} | pattern "<a><b>" """, 1, 19, "at least one literal is required between captures")]
    [InlineData("""{a="b"} | pattern "no captures" """, 1, 19, "at least one capture is required")]
    [InlineData("""{a="b"} | status > "x" """, 1, 20, "unexpected STRING x, expecting NUMBER, DURATION or BYTES")]
    [InlineData("""{a="b"} | logfmt --fast""", 1, 20, "unknown logfmt flag --fast")]
    [InlineData("""count_over_time({a="b"}) """, 1, 24, "unexpected \")\", expecting [")]
    [InlineData("""rate({a="b"}[1m]) + {a="b"}""", 1, 19, "a log query cannot be an operand")]
    [InlineData("""sum(rate({a="b"}[1m])) and 1""", 1, 24, "set operator \"and\" not allowed in binary scalar expression")]
    [InlineData("""rate({a="b"}[1m]) + bool 1""", 1, 19, "bool modifier can only be used on comparison operators")]
    [InlineData("""{a="b"} | unwrap latency""", 1, 11, "unwrap is only allowed inside a range aggregation")]
    [InlineData("""{a="b"} ! "x" """, 1, 9, "unexpected \"!\"")]
    [InlineData("""{a="b} """, 1, 4, "unterminated string")]
    [InlineData("""sum({a="b"})""", 1, 5, "sum needs a metric query")]
    [InlineData("""{a="b"} | addr > ip("1.2.3.4")""", 1, 16, "ip() label filters take only = and !=")]
    [InlineData("""{a="b"} | addr = ip("1.2.3.400")""", 1, 21, "invalid ip pattern")]
    [InlineData("""{a="b"} |= ip("10.0.0.0/33")""", 1, 15, "invalid ip pattern \"10.0.0.0/33\": not a CIDR")]
    [InlineData("""{a="b"} |~ ip("10.0.0.1")""", 1, 9, "ip() line filters take only |= and !=")]
    [InlineData("""{a="b"} | addr = ip("10.0.0.9-10.0.0.1")""", 1, 21, "lowest first")]
    [InlineData("""label_replace(rate({a="b"}[1m]), "1x", "", "a", "")""", 1, 34, "invalid destination label name")]
    [InlineData("""label_replace(rate({a="b"}[1m]), "x", "", "a", "(")""", 1, 48, "invalid regular expression in label_replace()")]
    [InlineData("""label_replace({a="b"}, "x", "", "a", "")""", 1, 15, "label_replace needs a metric query")]
    [InlineData("""rate_counter({a="b"}[1m])""", 1, 1, "invalid aggregation rate_counter without unwrap")]
    [InlineData("""rate_counter({a="b"} | logfmt | unwrap x[1m]) by (a)""", 1, 1, "grouping not allowed for rate_counter aggregation")]
    public void Errors_name_line_and_column(string query, int line, int column, string reason)
    {
        var error = Assert.Throws<LogQLParseException>(() => LogQLParser.Parse(query.TrimEnd()));

        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"parse error at line {line}, col {column}: ", error.Message, StringComparison.Ordinal);
    }
}
