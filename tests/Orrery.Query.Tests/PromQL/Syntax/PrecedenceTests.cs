using Orrery.Query.PromQL.Syntax;

namespace Orrery.Query.Tests.PromQL.Syntax;

/// <summary>
/// How operators group, shown by writing the parse tree back with every binary and unary
/// node in brackets: <c>a + b * c</c> groups as <c>[a + [b * c]]</c>.
/// </summary>
public class PrecedenceTests
{
    [Theory]
    // Each level binds tighter than the one before: or < and/unless < comparisons < +- < */%atan2 < ^.
    [InlineData("a or b and c", "[a or [b and c]]")]
    [InlineData("a and b or c", "[[a and b] or c]")]
    [InlineData("a unless b or c", "[[a unless b] or c]")]
    [InlineData("a and b == c", "[a and [b == c]]")]
    [InlineData("a == b and c", "[[a == b] and c]")]
    [InlineData("a > b + c", "[a > [b + c]]")]
    [InlineData("a + b > c", "[[a + b] > c]")]
    [InlineData("a + b * c", "[a + [b * c]]")]
    [InlineData("a * b + c", "[[a * b] + c]")]
    [InlineData("a - b / c", "[a - [b / c]]")]
    [InlineData("a % b - c", "[[a % b] - c]")]
    [InlineData("a + b atan2 c", "[a + [b atan2 c]]")]
    [InlineData("a atan2 b ^ c", "[a atan2 [b ^ c]]")]
    [InlineData("a * b ^ c", "[a * [b ^ c]]")]
    [InlineData("a ^ b * c", "[[a ^ b] * c]")]
    // Same level: left to right, except "^".
    [InlineData("a - b - c", "[[a - b] - c]")]
    [InlineData("a / b * c", "[[a / b] * c]")]
    [InlineData("a atan2 b % c", "[[a atan2 b] % c]")]
    [InlineData("a == b != c", "[[a == b] != c]")]
    [InlineData("a < b >= c", "[[a < b] >= c]")]
    [InlineData("a and b unless c", "[[a and b] unless c]")]
    [InlineData("a or b or c", "[[a or b] or c]")]
    [InlineData("a ^ b ^ c", "[a ^ [b ^ c]]")]
    [InlineData("a ^ b ^ c ^ d", "[a ^ [b ^ [c ^ d]]]")]
    // Unary minus binds like "*": it takes in a "^" chain but nothing looser.
    [InlineData("-a ^ b", "[-[a ^ b]]")]
    [InlineData("-a * b", "[[-a] * b]")]
    [InlineData("-a + b", "[[-a] + b]")]
    [InlineData("a ^ -b", "[a ^ [-b]]")]
    [InlineData("a ^ -b ^ c", "[a ^ [-[b ^ c]]]")]
    [InlineData("a * -b", "[a * [-b]]")]
    [InlineData("- -a", "[-[-a]]")]
    [InlineData("-1 ^ 2", "[-[1 ^ 2]]")]
    [InlineData("2 ^ -1", "[2 ^ -1]")]
    // Parentheses stay in the tree.
    [InlineData("(a + b) * c", "[([a + b]) * c]")]
    [InlineData("a - (b - c)", "[a - ([b - c])]")]
    // Modifiers bind to their operator only.
    [InlineData("a + on(x) b * c", "[a + on (x) [b * c]]")]
    [InlineData("a > bool b + c", "[a > bool [b + c]]")]
    // Postfix [..], offset and @ bind tighter than any operator.
    [InlineData("a + b offset 5m", "[a + b offset 5m]")]
    [InlineData("-a offset 5m", "[-a offset 5m]")]
    [InlineData("a ^ b @ 3 offset 5m", "[a ^ b @ 3.000 offset 5m]")]
    public void Groups_as_Prometheus_does(string query, string grouped) =>
        Assert.Equal(grouped, Bracketed(PromQLParser.Parse(query)));

    [Fact]
    public void Unary_sign_folds_into_a_number_literal_that_starts_at_the_sign()
    {
        Assert.Equal(new NumberLiteral(-1, 0), PromQLParser.Parse("-1"));
        Assert.Equal(2, PromQLParser.Parse("  - 1").Position);
        Assert.Equal(new NumberLiteral(1), PromQLParser.Parse("--1"));
        Assert.IsType<UnaryExpr>(PromQLParser.Parse("-(1)"));
    }

    private static string Bracketed(PromExpr e) => e switch
    {
        BinaryExpr b => "[" + Bracketed(b.Lhs) + " " + Op(b) + " " + Bracketed(b.Rhs) + "]",
        UnaryExpr u => "[" + (u.Negate ? "-" : "+") + Bracketed(u.Expr) + "]",
        ParenExpr p => "(" + Bracketed(p.Expr) + ")",
        _ => PromQLPrinter.Print(e),
    };

    // The operator with its modifiers, cut out of the printed node between the operands.
    private static string Op(BinaryExpr b)
    {
        var printed = PromQLPrinter.Print(b with { Lhs = new NumberLiteral(0), Rhs = new NumberLiteral(0) });
        return printed[2..^2];
    }
}
