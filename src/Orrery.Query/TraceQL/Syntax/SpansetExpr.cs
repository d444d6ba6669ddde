using Orrery.Query.LogQL.Syntax;

namespace Orrery.Query.TraceQL.Syntax;

public enum SpansetOp
{
    And,
    Union,
    Child,
    Descendant,
    Parent,
    Ancestor,
    Sibling,
    NotChild,
    NotDescendant,
    NotParent,
    NotAncestor,
    NotSibling,
    UnionChild,
    UnionDescendant,
    UnionParent,
    UnionAncestor,
    UnionSibling,
}

/// <summary>A query: a pipeline of stages and the hints after <c>with</c>.</summary>
public sealed record TraceQLQuery(Pipeline Pipeline, EquatableList<QueryHint> Hints)
{
    public override string ToString() => TraceQLPrinter.Print(this);
}

/// <summary>One <c>name = value</c> in <c>with (…)</c>.</summary>
public sealed record QueryHint(string Name, StaticValue Value);

/// <summary>Stages separated by <c>|</c>; the first is always a spanset expression.</summary>
public sealed record Pipeline(EquatableList<PipelineStage> Stages)
{
    public override string ToString() => TraceQLPrinter.PrintPipeline(this);
}

public abstract record PipelineStage
{
    public sealed override string ToString() => TraceQLPrinter.PrintStage(this);
}

/// <summary>Something that yields spansets: a filter, a combination of two, or a parenthesised pipeline.</summary>
public abstract record SpansetExpr : PipelineStage;

/// <summary><c>{ expression }</c>; <c>{ }</c> (no expression) matches every span.</summary>
public sealed record SpansetFilter(FieldExpr? Expression) : SpansetExpr;

/// <summary><c>left op right</c> with <c>&amp;&amp;</c>, <c>||</c> or a structural operator.</summary>
public sealed record SpansetOperation(SpansetOp Op, SpansetExpr Left, SpansetExpr Right) : SpansetExpr;

/// <summary>A parenthesised pipeline used as an operand, e.g. <c>({ a } | count() > 1) &amp;&amp; { b }</c>.</summary>
public sealed record PipelineSpanset(Pipeline Pipeline) : SpansetExpr;
