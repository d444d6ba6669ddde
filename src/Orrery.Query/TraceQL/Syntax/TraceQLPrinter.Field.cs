using System.Globalization;
using System.Text;

namespace Orrery.Query.TraceQL.Syntax;

public static partial class TraceQLPrinter
{
    private const int UnaryPrecedence = 7;

    public static string PrintField(FieldExpr expr)
    {
        var text = new StringBuilder();
        AppendField(text, expr, 0);
        return text.ToString();
    }

    public static string PrintScalar(ScalarExpr expr)
    {
        var text = new StringBuilder();
        AppendScalar(text, expr, 0);
        return text.ToString();
    }

    // Field precedence: || (1) < && (2) < comparisons (3) < + - (4) < * / % (5) < ^ (6, right-associative) < unary (7).
    internal static int Precedence(FieldOp op) => op switch
    {
        FieldOp.Or => 1,
        FieldOp.And => 2,
        FieldOp.Add or FieldOp.Subtract => 4,
        FieldOp.Multiply or FieldOp.Divide or FieldOp.Modulo => 5,
        FieldOp.Power => 6,
        _ => 3,
    };

    private static void AppendField(StringBuilder text, FieldExpr expr, int parentPrecedence)
    {
        switch (expr)
        {
            case StaticExpr literal:
                text.Append(PrintStatic(literal.Value));
                break;
            case IntrinsicExpr intrinsic:
                text.Append(Intrinsics.CanonicalName(intrinsic.Intrinsic));
                break;
            case AttributeExpr attribute:
                AppendAttribute(text, attribute);
                break;
            case UnaryFieldExpr unary:
                text.Append(unary.Op == UnaryOp.Not ? '!' : '-');
                AppendField(text, unary.Operand, UnaryPrecedence);
                break;
            case BinaryFieldExpr binary:
                AppendBinary(text, binary.Op, parentPrecedence, (t, p) => AppendField(t, binary.Left, p), (t, p) => AppendField(t, binary.Right, p));
                break;
            default:
                throw new ArgumentException($"unknown field expression {expr.GetType().Name}", nameof(expr));
        }
    }

    private static void AppendScalar(StringBuilder text, ScalarExpr expr, int parentPrecedence)
    {
        switch (expr)
        {
            case ScalarStatic literal:
                text.Append(PrintStatic(literal.Value));
                break;
            case AggregateExpr aggregate:
                text.Append(aggregate.Kind.ToString().ToLowerInvariant()).Append('(');
                if (aggregate.Argument is not null) AppendField(text, aggregate.Argument, 0);
                text.Append(')');
                break;
            case ScalarBinary binary:
                AppendBinary(text, binary.Op, parentPrecedence, (t, p) => AppendScalar(t, binary.Left, p), (t, p) => AppendScalar(t, binary.Right, p));
                break;
            default:
                throw new ArgumentException($"unknown scalar expression {expr.GetType().Name}", nameof(expr));
        }
    }

    private static void AppendBinary(StringBuilder text, FieldOp op, int parentPrecedence, Action<StringBuilder, int> left, Action<StringBuilder, int> right)
    {
        var precedence = Precedence(op);
        var rightAssociative = op == FieldOp.Power;
        var parens = precedence < parentPrecedence;
        if (parens) text.Append('(');
        // An operand at the same level needs parentheses on the side the operator does not associate to.
        left(text, rightAssociative ? precedence + 1 : precedence);
        text.Append(' ').Append(OpText(op)).Append(' ');
        right(text, rightAssociative ? precedence : precedence + 1);
        if (parens) text.Append(')');
    }

    private static void AppendAttribute(StringBuilder text, AttributeExpr attribute)
    {
        text.Append(attribute.Scope switch
        {
            AttributeScope.Span => "span.",
            AttributeScope.Resource => "resource.",
            AttributeScope.Event => "event.",
            AttributeScope.Link => "link.",
            AttributeScope.Instrumentation => "instrumentation.",
            _ => ".",
        });
        if (attribute.Name.Length > 0 && attribute.Name.All(c => TraceQLLexer.IsAttributeChar(c) && !char.IsControl(c))) text.Append(attribute.Name);
        else AppendQuoted(text, attribute.Name);
    }

    internal static string OpText(FieldOp op) => op switch
    {
        FieldOp.Or => "||",
        FieldOp.And => "&&",
        FieldOp.Equal => "=",
        FieldOp.NotEqual => "!=",
        FieldOp.Greater => ">",
        FieldOp.GreaterEqual => ">=",
        FieldOp.Less => "<",
        FieldOp.LessEqual => "<=",
        FieldOp.Regex => "=~",
        FieldOp.NotRegex => "!~",
        FieldOp.Add => "+",
        FieldOp.Subtract => "-",
        FieldOp.Multiply => "*",
        FieldOp.Divide => "/",
        FieldOp.Modulo => "%",
        FieldOp.Power => "^",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static string PrintStatic(StaticValue value) => value.Type switch
    {
        StaticType.Nil => "nil",
        StaticType.Boolean => value.Int != 0 ? "true" : "false",
        StaticType.Int => value.Int.ToString(CultureInfo.InvariantCulture),
        StaticType.Float => FormatFloat(value.Float),
        StaticType.Duration => TraceQLDuration.Format(value.Int),
        StaticType.String => AppendQuoted(new StringBuilder(), value.Text ?? "").ToString(),
        StaticType.Status => ((SpanStatusValue)value.Int).ToString().ToLowerInvariant(),
        StaticType.Kind => ((SpanKindValue)value.Int).ToString().ToLowerInvariant(),
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    /// <summary>Shortest round-trip form, always with a '.' or exponent so it reads back as a float.</summary>
    internal static string FormatFloat(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    private static StringBuilder AppendQuoted(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c)) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        return text.Append('"');
    }
}
