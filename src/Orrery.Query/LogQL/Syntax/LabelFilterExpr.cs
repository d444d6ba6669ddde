using System.Text;

namespace Orrery.Query.LogQL.Syntax;

/// <summary>A label filter (<c>| level="error" and status>=400</c>).</summary>
public abstract record LabelFilterExpr
{
    public abstract void Print(StringBuilder text);

    public sealed override string ToString()
    {
        var text = new StringBuilder();
        Print(text);
        return text.ToString();
    }
}

/// <summary><c>and</c> (also written <c>,</c> or by juxtaposition) and <c>or</c>; <c>and</c> binds tighter.</summary>
public sealed record BinaryLabelFilter(bool IsAnd, LabelFilterExpr Left, LabelFilterExpr Right) : LabelFilterExpr
{
    public override void Print(StringBuilder text)
    {
        PrintOperand(text, Left);
        text.Append(IsAnd ? " and " : " or ");
        PrintOperand(text, Right);
    }

    private void PrintOperand(StringBuilder text, LabelFilterExpr operand)
    {
        // Only an "or" under an "and" needs parentheses; the parser folds left, so a nested
        // right operand of the same kind needs them to keep its shape.
        var needsParens = operand is BinaryLabelFilter b && ((IsAnd && !b.IsAnd) || ReferenceEquals(operand, Right) && b.IsAnd == IsAnd);
        if (needsParens) text.Append('(');
        operand.Print(text);
        if (needsParens) text.Append(')');
    }
}

/// <summary><c>name op "value"</c> with =, !=, =~, !~.</summary>
public sealed record StringLabelFilter(LabelMatcherSpec Matcher) : LabelFilterExpr
{
    public override void Print(StringBuilder text) => text.Append(Matcher);
}

public enum ComparisonOp
{
    Equal,
    NotEqual,
    Greater,
    GreaterEqual,
    Less,
    LessEqual,
}

public enum NumericKind
{
    Number,
    /// <summary>The label holds a Go duration; compared in seconds.</summary>
    Duration,
    /// <summary>The label holds a byte size (<c>10KB</c>); compared in bytes.</summary>
    Bytes,
}

/// <summary><c>status >= 400</c>, <c>latency > 250ms</c>, <c>size &lt;= 1KB</c>; <paramref name="Text"/> is the literal as written.</summary>
public sealed record NumericLabelFilter(string Name, ComparisonOp Op, NumericKind Kind, double Value, string Text) : LabelFilterExpr
{
    public override void Print(StringBuilder text) => text.Append(Name).Append(OpText(Op)).Append(Text);

    public static string OpText(ComparisonOp op) => op switch
    {
        ComparisonOp.Equal => "==",
        ComparisonOp.NotEqual => "!=",
        ComparisonOp.Greater => ">",
        ComparisonOp.GreaterEqual => ">=",
        ComparisonOp.Less => "<",
        _ => "<=",
    };
}

/// <summary><c>addr = ip("10.0.0.0/8")</c>, <c>addr != ip("…")</c>: the label holds an address within a single IP, a CIDR or a range <c>a-b</c>.</summary>
public sealed record IpLabelFilter(string Name, bool Equal, string Pattern) : LabelFilterExpr
{
    public override void Print(StringBuilder text) => text.Append(Name).Append(Equal ? "=" : "!=").Append("ip(").Append(Ops.Quote(Pattern)).Append(')');
}
