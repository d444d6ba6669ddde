using System.Text.RegularExpressions;

namespace Orrery.Pipeline.Processors.Filtering;

/// <summary>A compiled condition: true when the row it is evaluated on matches (and is dropped).</summary>
internal abstract class FilterCondition
{
    public abstract bool Matches(FilterTarget target);
}

internal sealed class AndCondition(FilterCondition left, FilterCondition right) : FilterCondition
{
    public override bool Matches(FilterTarget target) => left.Matches(target) && right.Matches(target);
}

internal sealed class OrCondition(FilterCondition left, FilterCondition right) : FilterCondition
{
    public override bool Matches(FilterTarget target) => left.Matches(target) || right.Matches(target);
}

internal sealed class NotCondition(FilterCondition inner) : FilterCondition
{
    public override bool Matches(FilterTarget target) => !inner.Matches(target);
}

internal sealed class ConstantCondition(bool value) : FilterCondition
{
    public override bool Matches(FilterTarget target) => value;
}

/// <summary><c>IsMatch(field, "re")</c> and <c>field =~ "re"</c>: the field's text form matches somewhere (unanchored, as OTTL's IsMatch).</summary>
internal sealed class RegexCondition(FilterField field, Regex regex) : FilterCondition
{
    public override bool Matches(FilterTarget target) => target.Read(field).Matches(regex);
}

internal enum CompareOp : byte
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>A literal operand: a string (as UTF-8), a number, a bool or nil.</summary>
internal sealed record FilterLiteral(FieldKind Kind, byte[]? Utf8, long Int, double Double)
{
    public FieldValue Value => Kind switch
    {
        FieldKind.String => FieldValue.String(Utf8),
        FieldKind.Int => FieldValue.Integer(Int),
        FieldKind.Double => FieldValue.Float(Double),
        FieldKind.Bool => FieldValue.Boolean(Int != 0),
        _ => FieldValue.Missing,
    };
}

/// <summary>
/// <c>field op literal</c> with OTTL's semantics: equality across kinds is false (ints and
/// doubles compare as numbers), <c>nil</c> equals an absent field, and ordering applies to
/// numbers and strings only (anything else is false).
/// </summary>
internal sealed class CompareCondition(FilterField field, CompareOp op, FilterLiteral literal) : FilterCondition
{
    public override bool Matches(FilterTarget target)
    {
        var left = target.Read(field);
        var right = literal.Value;
        if (op is CompareOp.Equal or CompareOp.NotEqual) return Equal(left, right) == (op == CompareOp.Equal);
        int order;
        if (left.IsNumber && right.IsNumber) order = left.AsDouble.CompareTo(right.AsDouble);
        else if (left.Kind == FieldKind.String && right.Kind == FieldKind.String) order = left.Utf8.SequenceCompareTo(right.Utf8);
        else return false;
        return op switch
        {
            CompareOp.Less => order < 0,
            CompareOp.LessOrEqual => order <= 0,
            CompareOp.Greater => order > 0,
            _ => order >= 0,
        };
    }

    private static bool Equal(FieldValue a, FieldValue b)
    {
        if (a.IsNumber && b.IsNumber) return a.Kind == FieldKind.Int && b.Kind == FieldKind.Int ? a.Int == b.Int : a.AsDouble == b.AsDouble;
        if (a.Kind != b.Kind) return false;
        return a.Kind switch
        {
            FieldKind.String => a.Utf8.SequenceEqual(b.Utf8),
            FieldKind.Bool => a.Int == b.Int,
            FieldKind.Missing => true,
            _ => false,
        };
    }
}
