using Orrery.Query.TraceQL.Syntax;
using K = Orrery.Query.TraceQL.Syntax.TraceQLTokenKind;

namespace Orrery.Query.Tests.TraceQL.Syntax;

public class TraceQLLexerTests
{
    [Theory]
    [InlineData("span.http.status_code", K.Attribute, "http.status_code", AttributeScope.Span)]
    [InlineData("resource.service.name", K.Attribute, "service.name", AttributeScope.Resource)]
    [InlineData("event.exception.type", K.Attribute, "exception.type", AttributeScope.Event)]
    [InlineData("link.x", K.Attribute, "x", AttributeScope.Link)]
    [InlineData("instrumentation.x", K.Attribute, "x", AttributeScope.Instrumentation)]
    [InlineData(".foo-bar/baz", K.Attribute, "foo-bar/baz", AttributeScope.None)]
    [InlineData("span.\"a b\"", K.Attribute, "a b", AttributeScope.Span)]
    [InlineData(".`raw\\n`", K.Attribute, "raw\\n", AttributeScope.None)]
    [InlineData("\"a\\\"b\\\\c\\x41\\u00e9\\U0001F600\"", K.String, "a\"b\\cAé😀", AttributeScope.None)]
    [InlineData("`a\\nb`", K.String, "a\\nb", AttributeScope.None)]
    public void Reads_attributes_and_strings(string text, K kind, string value, AttributeScope scope)
    {
        var token = TraceQLLexer.Tokenize(text)[0];

        Assert.Equal(kind, token.Kind);
        Assert.Equal(value, token.Value);
        Assert.Equal(scope, token.Scope);
        Assert.Equal(text, token.Text);
    }

    [Theory]
    [InlineData("span:id", K.Identifier)]
    [InlineData("trace:rootService", K.Identifier)]
    [InlineData("nestedSetParent", K.Identifier)]
    [InlineData("42", K.Integer)]
    [InlineData("4.2", K.Float)]
    [InlineData("4e-2", K.Float)]
    [InlineData("1h30m", K.Duration)]
    [InlineData("1.5s", K.Duration)]
    [InlineData("100ns", K.Duration)]
    [InlineData("10µs", K.Duration)]
    public void Reads_words_and_numbers_as_one_token(string text, K kind)
    {
        var tokens = TraceQLLexer.Tokenize(text);

        Assert.Equal(2, tokens.Count);
        Assert.Equal(kind, tokens[0].Kind);
        Assert.Equal(text, tokens[0].Text);
    }

    [Fact]
    public void Reads_every_operator()
    {
        const string text = "= != > >= < <= =~ !~ && || ! + - * / % ^ >> << ~ !> !>> !< !<< &> &>> &< &<< &~ | { } ( ) ,";

        var kinds = TraceQLLexer.Tokenize(text).Select(t => t.Kind).ToArray();

        Assert.Equal(
        [
            K.Equal, K.NotEqual, K.Greater, K.GreaterEqual, K.Less, K.LessEqual, K.Regex, K.NotRegex, K.And, K.Or, K.Not,
            K.Plus, K.Minus, K.Star, K.Slash, K.Percent, K.Caret, K.Descendant, K.Ancestor, K.Tilde, K.NotChild, K.NotDescendant,
            K.NotParent, K.NotAncestor, K.UnionChild, K.UnionDescendant, K.UnionParent, K.UnionAncestor, K.UnionSibling,
            K.Pipe, K.LeftBrace, K.RightBrace, K.LeftParen, K.RightParen, K.Comma, K.End,
        ], kinds);
    }

    [Fact]
    public void Tokens_know_their_position()
    {
        var tokens = TraceQLLexer.Tokenize("{ .a\n  = 1 }");

        Assert.Equal((1, 1, 0), (tokens[0].Line, tokens[0].Column, tokens[0].Offset));
        Assert.Equal((1, 3, 2), (tokens[1].Line, tokens[1].Column, tokens[1].Offset));
        Assert.Equal((2, 3, 7), (tokens[2].Line, tokens[2].Column, tokens[2].Offset));
        Assert.Equal((2, 5, 9), (tokens[3].Line, tokens[3].Column, tokens[3].Offset));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(100, "100ns")]
    [InlineData(10_000, "10us")]
    [InlineData(1_500, "1.5us")]
    [InlineData(500_000_000, "500ms")]
    [InlineData(1_500_000_000, "1.5s")]
    [InlineData(90_000_000_000, "1m30s")]
    [InlineData(5_400_000_000_000, "1h30m0s")]
    [InlineData(-2_000_000_000, "-2s")]
    public void Durations_print_as_go_does(long nanoseconds, string text)
    {
        Assert.Equal(text, StaticValue.OfDuration(nanoseconds).ToString());
    }
}
