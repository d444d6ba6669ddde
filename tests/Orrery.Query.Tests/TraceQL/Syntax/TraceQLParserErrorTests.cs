using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Query.Tests.TraceQL.Syntax;

public class TraceQLParserErrorTests
{
    [Theory]
    [InlineData("", 1, 1, "expected a pipeline stage but found end of input")]
    [InlineData("coalesce() | { true }", 1, 1, "a pipeline cannot start with coalesce")]
    [InlineData("rate()", 1, 1, "a pipeline cannot start with rate")]
    [InlineData("{ span.foo =~ \"[\" }", 1, 12, "invalid regular expression")]
    [InlineData("{ } | sum(3) = 2", 1, 11, "sum() needs a field of the span")]
    [InlineData("{ } | max(1h + 2h) > 1", 1, 11, "max() needs a field of the span")]
    [InlineData("{ } | by(\"foo\")", 1, 10, "by() needs a field of the span")]
    [InlineData("({ } | count() > 1", 1, 19, "expected ')' but found end of input")]
    [InlineData("({ true }) && (count())", 1, 23, "expected a comparison")]
    [InlineData("{ .a = 1", 1, 9, "expected '}' or an operator but found end of input")]
    [InlineData("{ .a = }", 1, 8, "expected a field expression but found '}'")]
    [InlineData("{ .a = 1 } |", 1, 13, "expected a pipeline stage")]
    [InlineData("{ 1 + \"a\" = 2 }", 1, 5, "operator + needs numeric operands, found int and string")]
    [InlineData("{ duration > \"1s\" }", 1, 12, "cannot compare duration with string")]
    [InlineData("{ name = 1 }", 1, 8, "cannot compare string with int")]
    [InlineData("{ status = server }", 1, 10, "cannot compare status with kind")]
    [InlineData("{ status > ok }", 1, 10, "operator > is not defined for status")]
    [InlineData("{ .a =~ 1 }", 1, 6, "operator =~ needs string operands")]
    [InlineData("{ 1 && true }", 1, 5, "operator && needs boolean operands")]
    [InlineData("{ !1 }", 1, 3, "operator ! needs a boolean operand")]
    [InlineData("{ -\"a\" = .b }", 1, 3, "operator - needs a numeric operand")]
    [InlineData("{ 1 }", 1, 3, "a spanset filter must be a boolean expression, found int")]
    [InlineData("{ .a + 1 }", 1, 3, "a spanset filter must be a boolean expression, found int")]
    [InlineData("{ .a * 2 = \"x\" }", 1, 10, "cannot compare int with string")]
    [InlineData("{ foo = 1 }", 1, 3, "unknown identifier 'foo'")]
    [InlineData("{ .a = \"x }", 1, 8, "unterminated string")]
    [InlineData("{ .a = \"\\q\" }", 1, 8, "unknown escape")]
    [InlineData("{ duration > 5mo }", 1, 14, "invalid duration '5mo'")]
    [InlineData("{ .a = 99999999999999999999 }", 1, 8, "integer '99999999999999999999' is out of range")]
    [InlineData("{ .a = 1 } # x", 1, 12, "unexpected character '#'")]
    [InlineData("{ . = 1 }", 1, 3, "expected an attribute name")]
    [InlineData("{ .a = 1 } & { }", 1, 12, "unexpected character '&'")]
    [InlineData("{ } | count() > \"a\"", 1, 17, "expected a number, duration or aggregate but found string \"a\"")]
    [InlineData("{ } | avg(duration) > count() + .a", 1, 33, "expected a number, duration or aggregate but found attribute .a")]
    [InlineData("{ } | (count() > 1", 1, 19, "expected ')' but found end of input")]
    [InlineData("{ } | (count() + 1 > 2", 1, 23, "expected ')' but found end of input")]
    [InlineData("{ } | avg(name) > 1", 1, 11, "aggregates need a numeric field, found string")]
    [InlineData("{ } | count()", 1, 14, "expected a comparison")]
    [InlineData("{ } | count() =~ 1", 1, 15, "expected a comparison")]
    [InlineData("{ } | topk(5)", 1, 7, "topk must follow a metrics stage")]
    [InlineData("{ } | rate() | count() > 1", 1, 16, "expected topk or bottomk after a metrics stage")]
    [InlineData("{ } | rate() | topk(0)", 1, 21, "positive limit")]
    [InlineData("({ } | rate())", 1, 8, "a metrics stage must end the query")]
    [InlineData("{ } | quantile_over_time(duration)", 1, 34, "expected ',' and at least one quantile")]
    [InlineData("{ } | quantile_over_time(duration, 1.5)", 1, 36, "quantile 1.5 is not between 0 and 1")]
    [InlineData("{ } | compare(.a)", 1, 15, "spanset filter '{' as the first argument of compare")]
    [InlineData("{ } | rate(duration)", 1, 12, "expected ')'")]
    [InlineData("{ } with (a)", 1, 12, "expected '='")]
    [InlineData("{ } with (a = b)", 1, 15, "expected a hint value")]
    [InlineData("{ } )", 1, 5, "'(' missing")]
    [InlineData("{ } { }", 1, 5, "expected '|' or end of query")]
    [InlineData("{ .a = 1\n  && .b = }", 2, 11, "expected a field expression but found '}'")]
    [InlineData("{ .a = `multi\nline` && 1 }", 2, 7, "operator && needs boolean operands")]
    public void Reports_the_position_and_reason(string query, int line, int column, string fragment)
    {
        var error = Assert.Throws<TraceQLParseException>(() => TraceQLParser.Parse(query));

        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(fragment, error.Message);
        Assert.StartsWith($"parse error at line {line}, col {column}: ", error.Message);
    }

    [Fact]
    public void Offset_counts_from_the_start_of_the_query()
    {
        var error = Assert.Throws<TraceQLParseException>(() => TraceQLParser.Parse("{ .a = 1 }\n{ }"));

        Assert.Equal(11, error.Offset);
        Assert.Equal(2, error.Line);
        Assert.Equal(1, error.Column);
    }

    [Fact]
    public void Deep_nesting_is_refused_not_overflowed()
    {
        var query = new string('(', 10_000) + "{ }" + new string(')', 10_000);

        var error = Assert.Throws<TraceQLParseException>(() => TraceQLParser.Parse(query));

        Assert.Contains("nested more than", error.Message);
    }

    [Theory]
    [InlineData("count() > 1", true)]
    [InlineData("count() > 1 | { }", true)]
    [InlineData("count() + 1", false)]
    [InlineData("count( > 1", false)]
    public void Nested_parentheses_are_read_once(string inner, bool valid)
    {
        // Each level could open a spanset or arithmetic; a parser that tried both would never finish this.
        var query = new string('(', 60) + inner + new string(')', 60);

        if (valid) Assert.Equal(TraceQLParser.Parse(inner).ToString(), TraceQLParser.Parse(query).ToString().Trim('(', ')'));
        else Assert.Throws<TraceQLParseException>(() => TraceQLParser.Parse(query));
    }

    [Fact]
    public void Long_operator_chains_are_refused()
    {
        var query = "{ " + string.Join(" + ", Enumerable.Repeat(".a", 5_000)) + " > 1 }";

        var error = Assert.Throws<TraceQLParseException>(() => TraceQLParser.Parse(query));

        Assert.Contains("more than 1000 operators", error.Message);
    }
}
