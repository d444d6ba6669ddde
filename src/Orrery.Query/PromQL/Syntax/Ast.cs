using Orrery.Query.LogQL.Syntax;
using Orrery.Signals.Labels;

namespace Orrery.Query.PromQL.Syntax;

/// <summary>The four PromQL value types (Prometheus's <c>parser.ValueType</c>).</summary>
public enum PromValueType : byte
{
    None,
    Scalar,
    Vector,
    Matrix,
    String,
}

/// <summary>
/// A PromQL expression. Records compare by value (lists are <see cref="EquatableList{T}"/>), so
/// a printed-and-reparsed tree equals the original. <see cref="Position"/> is the 0-based
/// offset of the node's first character in the query text (for error messages).
/// </summary>
public abstract record PromExpr(int Position)
{
    /// <summary>The type the expression evaluates to.</summary>
    public abstract PromValueType Type { get; }

    // Equality ignores Position: a tree printed and parsed again sits at other offsets but is the same query.
    public virtual bool Equals(PromExpr? other) => other is not null && EqualityContract == other.EqualityContract;

    public override int GetHashCode() => EqualityContract.GetHashCode();
}

public sealed record NumberLiteral(double Value, int Position = 0) : PromExpr(Position)
{
    public override PromValueType Type => PromValueType.Scalar;

    // NaN must equal NaN for syntax-tree comparison.
    public bool Equals(NumberLiteral? other) => other is not null && Value.Equals(other.Value);

    public override int GetHashCode() => Value.GetHashCode();
}

public sealed record StringLiteral(string Value, int Position = 0) : PromExpr(Position)
{
    public override PromValueType Type => PromValueType.String;
}

/// <summary>Which time an <c>@</c> modifier pins evaluation to.</summary>
public enum AtKind : byte
{
    /// <summary>No <c>@</c>.</summary>
    None,

    /// <summary><c>@ 1609746000</c>: <see cref="AtModifier.TimestampMs"/>.</summary>
    Timestamp,

    /// <summary><c>@ start()</c>: the query's start.</summary>
    Start,

    /// <summary><c>@ end()</c>: the query's end.</summary>
    End,
}

public readonly record struct AtModifier(AtKind Kind, long TimestampMs = 0)
{
    public static AtModifier None => default;

    public bool IsSet => Kind != AtKind.None;
}

/// <summary>
/// <c>name{l="v", ...} offset 5m @ t</c>. <see cref="Matchers"/> holds every matcher including
/// the one on <c>__name__</c> that a leading metric name implies (the parser sorts the written
/// matchers as the printer does and puts that one last, as Prometheus does); <see cref="Name"/> is that
/// name (null when the selector has none), kept for printing. Offset is in milliseconds and may
/// be negative.
/// </summary>
public sealed record VectorSelector(
    string? Name,
    EquatableList<LabelMatcher> Matchers,
    long OffsetMs = 0,
    AtModifier At = default,
    int Position = 0) : PromExpr(Position)
{
    public override PromValueType Type => PromValueType.Vector;
}

/// <summary><c>selector[5m]</c>; offset and @ live on the inner selector.</summary>
public sealed record MatrixSelector(VectorSelector Selector, long RangeMs, int Position = 0) : PromExpr(Position)
{
    public override PromValueType Type => PromValueType.Matrix;
}

/// <summary><c>expr[range:step] offset d @ t</c>; <see cref="StepMs"/> is 0 when omitted (the engine's default step).</summary>
public sealed record SubqueryExpr(
    PromExpr Expr,
    long RangeMs,
    long StepMs,
    long OffsetMs = 0,
    AtModifier At = default,
    int Position = 0) : PromExpr(Position)
{
    public override PromValueType Type => PromValueType.Matrix;
}

public sealed record ParenExpr(PromExpr Expr, int Position = 0) : PromExpr(Position)
{
    public override PromValueType Type => Expr.Type;
}

/// <summary>Unary <c>-expr</c> or <c>+expr</c>.</summary>
public sealed record UnaryExpr(bool Negate, PromExpr Expr, int Position = 0) : PromExpr(Position)
{
    public override PromValueType Type => Expr.Type;
}

public enum BinaryOp : byte
{
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Atan2,
    Eql,
    Neq,
    Gtr,
    Lss,
    Gte,
    Lte,
    And,
    Or,
    Unless,
}

public enum MatchingCardinality : byte
{
    OneToOne,
    ManyToOne,
    OneToMany,
    ManyToMany,
}

/// <summary>
/// Vector matching of a binary operation between two vectors. <see cref="On"/> is true for
/// <c>on(...)</c> and false for <c>ignoring(...)</c> (also the default, with no labels);
/// <see cref="Include"/> are the <c>group_left(...)</c>/<c>group_right(...)</c> labels. Set
/// operators are always <see cref="MatchingCardinality.ManyToMany"/>.
/// </summary>
public sealed record VectorMatching(
    MatchingCardinality Card,
    EquatableList<string> MatchingLabels,
    bool On,
    EquatableList<string> Include);

/// <summary>
/// <c>lhs op [bool] [on|ignoring(...)] [group_left|group_right(...)] rhs</c>.
/// <see cref="Matching"/> is non-null exactly when both sides are vectors.
/// </summary>
public sealed record BinaryExpr(
    BinaryOp Op,
    PromExpr Lhs,
    PromExpr Rhs,
    bool ReturnBool = false,
    VectorMatching? Matching = null,
    int Position = 0) : PromExpr(Position)
{
    public override PromValueType Type =>
        Lhs.Type == PromValueType.Scalar && Rhs.Type == PromValueType.Scalar ? PromValueType.Scalar : PromValueType.Vector;
}

public enum AggregateOp : byte
{
    Sum,
    Avg,
    Count,
    Min,
    Max,
    Group,
    Stddev,
    Stdvar,
    TopK,
    BottomK,
    CountValues,
    Quantile,
    LimitK,
    LimitRatio,
}

/// <summary>
/// <c>op [by|without (labels)] ([param,] expr)</c>. <see cref="Param"/> is set for topk,
/// bottomk, quantile, count_values, limitk and limit_ratio.
/// </summary>
public sealed record AggregateExpr(
    AggregateOp Op,
    PromExpr Expr,
    PromExpr? Param,
    EquatableList<string> Grouping,
    bool Without,
    int Position = 0) : PromExpr(Position)
{
    public override PromValueType Type => PromValueType.Vector;
}

/// <summary>A function call; <see cref="Function"/> comes from <see cref="PromFunctions"/>.</summary>
public sealed record Call(PromFunction Function, EquatableList<PromExpr> Args, int Position = 0) : PromExpr(Position)
{
    public override PromValueType Type => Function.ReturnType;
}
