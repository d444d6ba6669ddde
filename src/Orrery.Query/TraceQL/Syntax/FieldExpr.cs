namespace Orrery.Query.TraceQL.Syntax;

/// <summary>Where an attribute is looked up; <see cref="None"/> is the unscoped <c>.attr</c> (span, then resource).</summary>
public enum AttributeScope
{
    None,
    Span,
    Resource,
    Event,
    Link,
    Instrumentation,
}

public enum FieldOp
{
    Or,
    And,
    Equal,
    NotEqual,
    Greater,
    GreaterEqual,
    Less,
    LessEqual,
    Regex,
    NotRegex,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Power,
}

public enum UnaryOp
{
    Not,
    Negate,
}

/// <summary>An expression inside a spanset filter <c>{ … }</c>. Records compare by value; <see cref="object.ToString"/> prints canonical TraceQL.</summary>
public abstract record FieldExpr
{
    /// <summary>The type the checker inferred when the expression was built.</summary>
    public abstract StaticType Type { get; }

    public sealed override string ToString() => TraceQLPrinter.PrintField(this);
}

public sealed record StaticExpr(StaticValue Value) : FieldExpr
{
    public override StaticType Type => Value.Type;
}

public sealed record AttributeExpr(AttributeScope Scope, string Name) : FieldExpr
{
    public override StaticType Type => StaticType.Attribute;
}

public sealed record IntrinsicExpr(Intrinsic Intrinsic) : FieldExpr
{
    public override StaticType Type => Intrinsics.TypeOf(Intrinsic);
}

public sealed record BinaryFieldExpr(FieldOp Op, FieldExpr Left, FieldExpr Right, StaticType ResultType) : FieldExpr
{
    public override StaticType Type => ResultType;
}

public sealed record UnaryFieldExpr(UnaryOp Op, FieldExpr Operand) : FieldExpr
{
    public override StaticType Type => Op == UnaryOp.Not ? StaticType.Boolean
        : Operand.Type == StaticType.Attribute ? StaticType.Float : Operand.Type;
}
