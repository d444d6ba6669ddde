namespace Orrery.Query.TraceQL.Syntax;

/// <summary>
/// Tempo's static type rules: attributes are typed at run time so they fit anywhere; ints, floats and
/// durations mix; nil compares with anything; everything else must match. A rule returns an error
/// message or null.
/// </summary>
internal static class TypeRules
{
    public static bool IsNumeric(StaticType type) => type is StaticType.Int or StaticType.Float or StaticType.Duration;

    private static bool IsNumericOrUnknown(StaticType type) => type == StaticType.Attribute || IsNumeric(type);

    public static string? CheckBinary(FieldOp op, StaticType left, StaticType right, out StaticType result)
    {
        switch (op)
        {
            case FieldOp.Or or FieldOp.And:
                result = StaticType.Boolean;
                return IsBooleanOrUnknown(left) && IsBooleanOrUnknown(right)
                    ? null
                    : $"operator {TraceQLPrinter.OpText(op)} needs boolean operands, found {Name(left)} and {Name(right)}";
            case FieldOp.Regex or FieldOp.NotRegex:
                result = StaticType.Boolean;
                return IsStringOrUnknown(left) && IsStringOrUnknown(right)
                    ? null
                    : $"operator {TraceQLPrinter.OpText(op)} needs string operands, found {Name(left)} and {Name(right)}";
            case FieldOp.Equal or FieldOp.NotEqual:
                result = StaticType.Boolean;
                return Comparable(left, right) ? null : $"cannot compare {Name(left)} with {Name(right)}";
            case FieldOp.Greater or FieldOp.GreaterEqual or FieldOp.Less or FieldOp.LessEqual:
                result = StaticType.Boolean;
                if (!Comparable(left, right)) return $"cannot compare {Name(left)} with {Name(right)}";
                return Orderable(left) && Orderable(right) ? null : $"operator {TraceQLPrinter.OpText(op)} is not defined for {Name(Orderable(left) ? right : left)}";
            default:
                result = ArithmeticResult(left, right);
                return IsNumericOrUnknown(left) && IsNumericOrUnknown(right)
                    ? null
                    : $"operator {TraceQLPrinter.OpText(op)} needs numeric operands, found {Name(left)} and {Name(right)}";
        }
    }

    public static string? CheckUnary(UnaryOp op, StaticType operand) => op switch
    {
        UnaryOp.Not when !IsBooleanOrUnknown(operand) => $"operator ! needs a boolean operand, found {Name(operand)}",
        UnaryOp.Negate when !IsNumericOrUnknown(operand) => $"operator - needs a numeric operand, found {Name(operand)}",
        _ => null,
    };

    public static string? CheckFilter(StaticType type) =>
        IsBooleanOrUnknown(type) ? null : $"a spanset filter must be a boolean expression, found {Name(type)}";

    public static string? CheckAggregateArgument(StaticType type) =>
        IsNumericOrUnknown(type) ? null : $"aggregates need a numeric field, found {Name(type)}";

    public static string Name(StaticType type) => type switch
    {
        StaticType.Attribute => "attribute",
        StaticType.Nil => "nil",
        StaticType.Boolean => "boolean",
        StaticType.Int => "int",
        StaticType.Float => "float",
        StaticType.String => "string",
        StaticType.Duration => "duration",
        StaticType.Status => "status",
        StaticType.Kind => "kind",
        _ => type.ToString(),
    };

    private static bool Comparable(StaticType left, StaticType right) =>
        left is StaticType.Attribute or StaticType.Nil || right is StaticType.Attribute or StaticType.Nil
        || left == right || (IsNumeric(left) && IsNumeric(right));

    private static bool Orderable(StaticType type) => type is StaticType.Attribute or StaticType.String || IsNumeric(type);

    private static bool IsBooleanOrUnknown(StaticType type) => type is StaticType.Attribute or StaticType.Boolean;

    private static bool IsStringOrUnknown(StaticType type) => type is StaticType.Attribute or StaticType.String;

    private static StaticType ArithmeticResult(StaticType left, StaticType right)
    {
        // Arithmetic yields a number even over attributes, so `{ .a + 1 }` is not a boolean filter.
        if (left == StaticType.Attribute && right == StaticType.Attribute) return StaticType.Float;
        if (left == StaticType.Attribute) return right;
        if (right == StaticType.Attribute) return left;
        if (left == StaticType.Duration || right == StaticType.Duration) return StaticType.Duration;
        if (left == StaticType.Float || right == StaticType.Float) return StaticType.Float;
        return left;
    }
}
