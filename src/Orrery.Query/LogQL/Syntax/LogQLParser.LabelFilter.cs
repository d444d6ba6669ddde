using System.Globalization;
using Orrery.Signals.Labels;
using MatchType = Orrery.Signals.Labels.MatchType;

namespace Orrery.Query.LogQL.Syntax;

public sealed partial class LogQLParser
{
    private LabelFilterExpr ParseLabelFilterOr()
    {
        var left = ParseLabelFilterAnd();
        while (AtKeyword("or"))
        {
            Advance();
            left = new BinaryLabelFilter(false, left, ParseLabelFilterAnd());
        }
        return left;
    }

    private LabelFilterExpr ParseLabelFilterAnd()
    {
        var left = ParseLabelFilterPrimary();
        while (true)
        {
            if (AtKeyword("and") || At(TokenKind.Comma)) Advance();
            // Juxtaposition also means "and" (`| a="1" b="2"`), when a filter clearly follows.
            else if (!(At(TokenKind.Identifier) && !IsStageKeyword(Current.Text) && IsComparison(Peek().Kind))) break;
            left = new BinaryLabelFilter(true, left, ParseLabelFilterPrimary());
        }
        return left;
    }

    /// <summary><c>ip("pattern")</c>, the pattern checked here so a bad one is a parse error at its position.</summary>
    private string ParseIpPattern()
    {
        Advance(); // ip
        Expect(TokenKind.LeftParen, "(");
        var pattern = Expect(TokenKind.String, "STRING");
        Expect(TokenKind.RightParen, ")");
        if (!Pipeline.IpPattern.TryParse(pattern.Text, out _, out var error)) throw ErrorAt(pattern, error!);
        return pattern.Text;
    }

    private LabelFilterExpr ParseLabelFilterPrimary()
    {
        if (Accept(TokenKind.LeftParen))
        {
            var inner = ParseLabelFilterOr();
            Expect(TokenKind.RightParen, ")");
            return inner;
        }
        var name = Expect(TokenKind.Identifier, "IDENTIFIER");
        var opToken = Current;
        if (!IsComparison(opToken.Kind)) throw Unexpected("a comparison operator");
        Advance();
        if (AtKeyword("ip") && Peek().Kind == TokenKind.LeftParen)
        {
            if (opToken.Kind is not (TokenKind.Equal or TokenKind.NotEqual)) throw ErrorAt(opToken, "syntax error: ip() label filters take only = and !=");
            return new IpLabelFilter(name.Text, opToken.Kind == TokenKind.Equal, ParseIpPattern());
        }
        var negative = Accept(TokenKind.Minus);
        var value = Current;
        if (value.Kind == TokenKind.String && !negative)
        {
            Advance();
            var type = opToken.Kind switch
            {
                TokenKind.Equal or TokenKind.EqualEqual => MatchType.Equal,
                TokenKind.NotEqual => MatchType.NotEqual,
                TokenKind.Regex => MatchType.Regex,
                TokenKind.NotRegex => MatchType.NotRegex,
                _ => throw Unexpected(value, "NUMBER, DURATION or BYTES"),
            };
            return new StringLabelFilter(MakeMatcher(type, name.Text, value));
        }
        var op = opToken.Kind switch
        {
            TokenKind.Equal or TokenKind.EqualEqual => ComparisonOp.Equal,
            TokenKind.NotEqual => ComparisonOp.NotEqual,
            TokenKind.Greater => ComparisonOp.Greater,
            TokenKind.GreaterEqual => ComparisonOp.GreaterEqual,
            TokenKind.Less => ComparisonOp.Less,
            TokenKind.LessEqual => ComparisonOp.LessEqual,
            _ => throw Unexpected(value, "STRING"),
        };
        var sign = negative ? -1 : 1;
        var text = (negative ? "-" : "") + value.Text;
        switch (value.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumericLabelFilter(name.Text, op, NumericKind.Number, sign * double.Parse(value.Text, CultureInfo.InvariantCulture), text);
            case TokenKind.Duration:
                Advance();
                GoDuration.TryParse(value.Text, out var nanos, out _);
                return new NumericLabelFilter(name.Text, op, NumericKind.Duration, sign * nanos / 1e9, text);
            case TokenKind.Bytes:
                Advance();
                ByteSize.TryParse(value.Text, out var bytes);
                return new NumericLabelFilter(name.Text, op, NumericKind.Bytes, sign * bytes, text);
            default:
                throw Unexpected(value, "STRING, NUMBER, DURATION or BYTES");
        }
    }
}
