using Orrery.Query.LogQL.Syntax;

namespace Orrery.Query.TraceQL.Syntax;

public enum AggregateKind
{
    Count,
    Avg,
    Min,
    Max,
    Sum,
}

/// <summary><c>by(field)</c>: regroups the spans of each spanset by a field's value.</summary>
public sealed record GroupOperation(FieldExpr By) : PipelineStage;

/// <summary><c>coalesce()</c>: merges the spansets of a trace back into one.</summary>
public sealed record CoalesceOperation : PipelineStage;

/// <summary><c>select(a, b)</c>: adds fields to the returned spans.</summary>
public sealed record SelectOperation(EquatableList<FieldExpr> Fields) : PipelineStage;

/// <summary><c>| count() > 3</c>: keeps the spansets whose aggregate compares true.</summary>
public sealed record ScalarFilter(FieldOp Op, ScalarExpr Left, ScalarExpr Right) : PipelineStage;

/// <summary>A value computed per spanset: an aggregate, a literal, or arithmetic over them.</summary>
public abstract record ScalarExpr
{
    public abstract StaticType Type { get; }

    public sealed override string ToString() => TraceQLPrinter.PrintScalar(this);
}

/// <summary><c>count()</c> (no argument) or <c>avg/min/max/sum(field)</c>.</summary>
public sealed record AggregateExpr(AggregateKind Kind, FieldExpr? Argument) : ScalarExpr
{
    public override StaticType Type => Kind == AggregateKind.Count ? StaticType.Int : Argument!.Type;
}

public sealed record ScalarStatic(StaticValue Value) : ScalarExpr
{
    public override StaticType Type => Value.Type;
}

public sealed record ScalarBinary(FieldOp Op, ScalarExpr Left, ScalarExpr Right, StaticType ResultType) : ScalarExpr
{
    public override StaticType Type => ResultType;
}
