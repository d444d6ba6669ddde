using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Query.Tests.TraceQL.Syntax;

public class TraceQLPrecedenceTests
{
    [Theory]
    [InlineData("{ .a || .b && .c }", "{ .a || (.b && .c) }")]
    [InlineData("{ .a && .b || .c }", "{ (.a && .b) || .c }")]
    [InlineData("{ .a = 1 && .b = 2 }", "{ (.a = 1) && (.b = 2) }")]
    [InlineData("{ .a + 1 = 2 }", "{ (.a + 1) = 2 }")]
    [InlineData("{ .a + .b * .c = 1 }", "{ (.a + (.b * .c)) = 1 }")]
    [InlineData("{ .a - .b - .c = 1 }", "{ ((.a - .b) - .c) = 1 }")]
    [InlineData("{ .a / .b % .c = 1 }", "{ ((.a / .b) % .c) = 1 }")]
    [InlineData("{ .a * .b ^ .c = 1 }", "{ (.a * (.b ^ .c)) = 1 }")]
    [InlineData("{ .a ^ .b ^ .c = 1 }", "{ (.a ^ (.b ^ .c)) = 1 }")]
    [InlineData("{ -.a ^ 2 = 1 }", "{ ((-.a) ^ 2) = 1 }")]
    [InlineData("{ !.a && .b }", "{ (!.a) && .b }")]
    [InlineData("{ } || { } && { }", "{ } || ({ } && { })")]
    [InlineData("{ } && { } > { }", "{ } && ({ } > { })")]
    [InlineData("{ } > { } >> { }", "({ } > { }) >> { }")]
    [InlineData("{ } ~ { } !~ { }", "({ } ~ { }) !~ { }")]
    [InlineData("{ } | max(duration) - min(duration) * 2 > 1s", "{ } | (max(duration) - (min(duration) * 2)) > 1s")]
    [InlineData("{ } | count() ^ 2 ^ 3 > 1", "{ } | (count() ^ (2 ^ 3)) > 1")]
    public void Binds_like_the_explicit_parenthesisation(string query, string parenthesised)
    {
        Assert.Equal(TraceQLParser.Parse(parenthesised), TraceQLParser.Parse(query));
    }

    [Theory]
    [InlineData("{ .a || .b && .c }", "{ (.a || .b) && .c }")]
    [InlineData("{ .a - .b - .c = 1 }", "{ .a - (.b - .c) = 1 }")]
    [InlineData("{ .a ^ .b ^ .c = 1 }", "{ (.a ^ .b) ^ .c = 1 }")]
    [InlineData("{ } > { } >> { }", "{ } > ({ } >> { })")]
    [InlineData("{ } || { } && { }", "({ } || { }) && { }")]
    public void Differs_from_the_other_grouping(string query, string otherGrouping)
    {
        Assert.NotEqual(TraceQLParser.Parse(otherGrouping), TraceQLParser.Parse(query));
    }

    [Fact]
    public void Subtraction_is_left_associative()
    {
        var filter = (SpansetFilter)TraceQLParser.Parse("{ .a - .b - .c = 0 }").Pipeline.Stages[0];

        var comparison = (BinaryFieldExpr)filter.Expression!;
        var outer = Assert.IsType<BinaryFieldExpr>(comparison.Left);
        Assert.Equal(FieldOp.Subtract, outer.Op);
        Assert.Equal(new AttributeExpr(AttributeScope.None, "c"), outer.Right);
        Assert.Equal(FieldOp.Subtract, Assert.IsType<BinaryFieldExpr>(outer.Left).Op);
    }

    [Fact]
    public void Structural_operators_bind_tighter_than_and()
    {
        var query = TraceQLParser.Parse("{ .a = 1 } && { .b = 2 } >> { .c = 3 }");

        var and = Assert.IsType<SpansetOperation>(query.Pipeline.Stages[0]);
        Assert.Equal(SpansetOp.And, and.Op);
        Assert.Equal(SpansetOp.Descendant, Assert.IsType<SpansetOperation>(and.Right).Op);
    }
}
