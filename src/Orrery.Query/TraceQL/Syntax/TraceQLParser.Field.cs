using System.Globalization;
using K = Orrery.Query.TraceQL.Syntax.TraceQLTokenKind;

namespace Orrery.Query.TraceQL.Syntax;

public sealed partial class TraceQLParser
{
    private FieldExpr ParseField() => ParseFieldLevel(1);

    // Levels follow TraceQLPrinter.Precedence(FieldOp): 1 ||, 2 &&, 3 comparisons, 4 + -, 5 * / %; ^ and unary below.
    private FieldExpr ParseFieldLevel(int level)
    {
        if (level > 5) return ParsePower();
        var left = ParseFieldLevel(level + 1);
        while (FieldOperator(Current.Kind) is { } op && TraceQLPrinter.Precedence(op) == level)
        {
            var token = Advance();
            CountOperator(token);
            var right = ParseFieldLevel(level + 1);
            left = MakeBinary(token, op, left, right);
        }
        return left;
    }

    private FieldExpr ParsePower()
    {
        var left = ParseUnary();
        if (Current.Kind != K.Caret) return left;
        var token = Advance();
        CountOperator(token);
        Enter(token);
        var right = ParsePower();
        Leave();
        return MakeBinary(token, FieldOp.Power, left, right);
    }

    private static FieldExpr MakeBinary(TraceQLToken token, FieldOp op, FieldExpr left, FieldExpr right)
    {
        if (TypeRules.CheckBinary(op, left.Type, right.Type, out var result) is { } error) Throw(token, error);
        if (op is FieldOp.Regex or FieldOp.NotRegex && right is StaticExpr { Value.Text: { } pattern } && !IsValidRegex(pattern))
            Throw(token, $"invalid regular expression \"{pattern}\"");
        return new BinaryFieldExpr(op, left, right, result);
    }

    private static bool IsValidRegex(string pattern)
    {
        try
        {
            // Constructing parses the pattern without matching anything, so it cannot run away.
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static FieldOp? FieldOperator(K kind) => kind switch
    {
        K.Or => FieldOp.Or,
        K.And => FieldOp.And,
        K.Equal => FieldOp.Equal,
        K.NotEqual => FieldOp.NotEqual,
        K.Greater => FieldOp.Greater,
        K.GreaterEqual => FieldOp.GreaterEqual,
        K.Less => FieldOp.Less,
        K.LessEqual => FieldOp.LessEqual,
        K.Regex => FieldOp.Regex,
        K.NotRegex => FieldOp.NotRegex,
        K.Plus => FieldOp.Add,
        K.Minus => FieldOp.Subtract,
        K.Star => FieldOp.Multiply,
        K.Slash => FieldOp.Divide,
        K.Percent => FieldOp.Modulo,
        _ => null,
    };

    private FieldExpr ParseUnary()
    {
        if (Current.Kind is not (K.Not or K.Minus)) return ParseFieldPrimary();
        var token = Advance();
        Enter(token);
        var operand = ParseUnary();
        Leave();
        var op = token.Kind == K.Not ? UnaryOp.Not : UnaryOp.Negate;
        if (TypeRules.CheckUnary(op, operand.Type) is { } error) Throw(token, error);
        // A minus before a number is part of the literal, so `-1` prints and compares as one value.
        if (op == UnaryOp.Negate && operand is StaticExpr literal) return new StaticExpr(Negate(literal.Value));
        return new UnaryFieldExpr(op, operand);
    }

    private static StaticValue Negate(StaticValue value) => value.Type == StaticType.Float
        ? StaticValue.OfFloat(-value.Float)
        : value with { Int = -value.Int };

    private FieldExpr ParseFieldPrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case K.LeftParen:
                {
                    Advance();
                    Enter(token);
                    var inner = ParseField();
                    Expect(K.RightParen, "')' or an operator");
                    Leave();
                    return inner;
                }
            case K.Attribute:
                Advance();
                return new AttributeExpr(token.Scope, token.Value);
            case K.Identifier when Intrinsics.TryLookup(token.Text, out var intrinsic):
                Advance();
                return new IntrinsicExpr(intrinsic);
        }
        if (TryParseStatic(out var value)) return new StaticExpr(value);
        if (token.Kind == K.Identifier) throw Error(token, $"unknown identifier '{token.Text}'");
        throw Unexpected("a field expression");
    }

    /// <summary>Literals: strings, numbers, durations, true/false, nil, status and kind names.</summary>
    private bool TryParseStatic(out StaticValue value)
    {
        var token = Current;
        value = StaticValue.Nil;
        switch (token.Kind)
        {
            case K.String:
                value = StaticValue.OfString(token.Value);
                break;
            case K.Integer:
                value = StaticValue.OfInt(long.Parse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture));
                break;
            case K.Float:
                value = StaticValue.OfFloat(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
                break;
            case K.Duration:
                TraceQLDuration.TryParse(token.Text, out var nanoseconds);
                value = StaticValue.OfDuration(nanoseconds);
                break;
            case K.Identifier:
                if (KeywordValue(token.Text) is not { } keyword) return false;
                value = keyword;
                break;
            default:
                return false;
        }
        Advance();
        return true;
    }

    private static StaticValue? KeywordValue(string word) => word switch
    {
        "true" => StaticValue.True,
        "false" => StaticValue.False,
        "nil" => StaticValue.Nil,
        "ok" => StaticValue.OfStatus(SpanStatusValue.Ok),
        "error" => StaticValue.OfStatus(SpanStatusValue.Error),
        "unset" => StaticValue.OfStatus(SpanStatusValue.Unset),
        "unspecified" => StaticValue.OfKind(SpanKindValue.Unspecified),
        "internal" => StaticValue.OfKind(SpanKindValue.Internal),
        "server" => StaticValue.OfKind(SpanKindValue.Server),
        "client" => StaticValue.OfKind(SpanKindValue.Client),
        "producer" => StaticValue.OfKind(SpanKindValue.Producer),
        "consumer" => StaticValue.OfKind(SpanKindValue.Consumer),
        _ => null,
    };
}
