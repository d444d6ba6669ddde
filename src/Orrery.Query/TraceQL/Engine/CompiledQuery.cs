using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Query.TraceQL.Engine;

/// <summary>
/// The spanset part of a query with every filter and field compiled once, plus what can be
/// decided per span before a trace is whole (<see cref="Necessary"/>, <see cref="IsSpanLocal"/>).
/// </summary>
internal sealed class CompiledQuery
{
    /// <summary>At most this many necessary conditions are tracked per trace (one bit each).</summary>
    public const int MaxNecessary = 31;

    private readonly Dictionary<SpansetFilter, SpanPredicate?> _predicates = [];
    private readonly Dictionary<FieldExpr, FieldNode> _nodes = [];

    public CompiledQuery(Pipeline pipeline)
    {
        Pipeline = pipeline;
        var selected = new List<FieldExpr>();
        Visit(pipeline, selected);
        SelectFields = selected;
        var shown = new List<FieldExpr>();
        foreach (var predicate in _predicates.Values)
        {
            if (predicate is not null) CollectShown(predicate.Expression, shown);
        }
        foreach (var field in selected)
        {
            if (!shown.Contains(field)) shown.Add(field);
        }
        foreach (var field in shown) AddNode(field);
        ShownFields = shown;
        var necessary = NecessaryOf(pipeline);
        if (necessary.Count > MaxNecessary) necessary.RemoveRange(MaxNecessary, necessary.Count - MaxNecessary);
        Necessary = necessary.Select(e => new SpanPredicate(e)).ToArray();
        IsSpanLocal = SpanLocalFilter(pipeline) is { } local && (local.Expression is null || !PredicateFor(local)!.IsTraceLevel);
        Single = IsSpanLocal ? PredicateFor(SpanLocalFilter(pipeline)!) : null;
    }

    public Pipeline Pipeline { get; }

    /// <summary>Fields named by <c>select(...)</c> stages, in query order.</summary>
    public IReadOnlyList<FieldExpr> SelectFields { get; }

    /// <summary>
    /// Fields shown on returned spans, as Tempo shows them: the attributes (and status, kind,
    /// status message, scope) the filters test, then the <c>select(...)</c> fields.
    /// </summary>
    public IReadOnlyList<FieldExpr> ShownFields { get; }

    /// <summary>
    /// Span predicates a matching trace must each satisfy with at least one of its spans. Each
    /// one is exact for a single span, so they can be tested on any part of a trace.
    /// </summary>
    public SpanPredicate[] Necessary { get; }

    /// <summary>
    /// True when the query is one filter over span-local fields (plus <c>select</c>): a span
    /// matches whatever else the trace holds, so parts of a trace can be evaluated on their own.
    /// </summary>
    public bool IsSpanLocal { get; }

    /// <summary>The filter's predicate when <see cref="IsSpanLocal"/> (null for <c>{ }</c>).</summary>
    public SpanPredicate? Single { get; }

    public SpanPredicate? PredicateFor(SpansetFilter filter) => _predicates[filter];

    public FieldNode NodeFor(FieldExpr field) => _nodes[field];

    private void Visit(Pipeline pipeline, List<FieldExpr> selected)
    {
        foreach (var stage in pipeline.Stages) Visit(stage, selected);
    }

    private void Visit(PipelineStage stage, List<FieldExpr> selected)
    {
        switch (stage)
        {
            case SpansetFilter filter:
                if (!_predicates.ContainsKey(filter)) _predicates[filter] = filter.Expression is null ? null : new SpanPredicate(filter.Expression);
                break;
            case SpansetOperation op:
                Visit(op.Left, selected);
                Visit(op.Right, selected);
                break;
            case PipelineSpanset nested:
                Visit(nested.Pipeline, selected);
                break;
            case GroupOperation group:
                AddNode(group.By);
                break;
            case SelectOperation select:
                foreach (var field in select.Fields)
                {
                    AddNode(field);
                    if (!selected.Contains(field)) selected.Add(field);
                }
                break;
            case ScalarFilter scalar:
                Visit(scalar.Left);
                Visit(scalar.Right);
                break;
        }
    }

    private void Visit(ScalarExpr scalar)
    {
        switch (scalar)
        {
            case AggregateExpr { Argument: { } argument }:
                AddNode(argument);
                break;
            case ScalarBinary b:
                Visit(b.Left);
                Visit(b.Right);
                break;
        }
    }

    private void AddNode(FieldExpr field)
    {
        if (!_nodes.ContainsKey(field)) _nodes[field] = FieldCompiler.Compile(field);
    }

    private static void CollectShown(FieldExpr e, List<FieldExpr> shown)
    {
        switch (e)
        {
            case AttributeExpr { Scope: not (Syntax.AttributeScope.Event or Syntax.AttributeScope.Link) } a:
                if (!shown.Contains(a)) shown.Add(a);
                break;
            case IntrinsicExpr { Intrinsic: Intrinsic.Status or Intrinsic.StatusMessage or Intrinsic.Kind or Intrinsic.InstrumentationName or Intrinsic.InstrumentationVersion } i:
                if (!shown.Contains(i)) shown.Add(i);
                break;
            case UnaryFieldExpr u:
                CollectShown(u.Operand, shown);
                break;
            case BinaryFieldExpr b:
                CollectShown(b.Left, shown);
                CollectShown(b.Right, shown);
                break;
        }
    }

    private static SpansetFilter? SpanLocalFilter(Pipeline pipeline)
    {
        SpansetFilter? only = null;
        foreach (var stage in pipeline.Stages)
        {
            switch (stage)
            {
                case SelectOperation:
                    continue;
                case SpansetFilter filter when only is null:
                    only = filter;
                    continue;
                case PipelineSpanset nested when only is null && SpanLocalFilter(nested.Pipeline) is { } inner:
                    only = inner;
                    continue;
                default:
                    return null;
            }
        }
        return only;
    }

    /// <summary>
    /// Conditions some span of every matching trace satisfies. Sound, not complete: parts that
    /// need the whole trace (root, tree, trace duration) are left out.
    /// </summary>
    private static List<FieldExpr> NecessaryOf(Pipeline pipeline)
    {
        var result = new List<FieldExpr>();
        foreach (var stage in pipeline.Stages)
        {
            if (stage is SpansetExpr expr) result.AddRange(NecessaryOf(expr));
        }
        return result;
    }

    private static List<FieldExpr> NecessaryOf(SpansetExpr expr)
    {
        switch (expr)
        {
            case SpansetFilter { Expression: { } e }:
                return LocalPart(e) is { } local ? [local] : [];
            case SpansetFilter:
                return [];
            case PipelineSpanset nested:
                return NecessaryOf(nested.Pipeline);
            case SpansetOperation { Op: SpansetOp.Union } union:
                {
                    var left = NecessaryOf(union.Left);
                    var right = NecessaryOf(union.Right);
                    return left.Count > 0 && right.Count > 0
                        ? [new BinaryFieldExpr(FieldOp.Or, left[0], right[0], StaticType.Boolean)]
                        : [];
                }
            case SpansetOperation { Op: SpansetOp.NotChild or SpansetOp.NotDescendant or SpansetOp.NotParent or SpansetOp.NotAncestor or SpansetOp.NotSibling } negated:
                return NecessaryOf(negated.Right);
            case SpansetOperation op:
                return [.. NecessaryOf(op.Left), .. NecessaryOf(op.Right)];
            default:
                return [];
        }
    }

    /// <summary>The conjuncts of <paramref name="e"/> that one span decides, joined with <c>&amp;&amp;</c>; null when none.</summary>
    private static FieldExpr? LocalPart(FieldExpr e)
    {
        if (!FieldCompiler.Analyze(e).TraceLevel) return e;
        if (e is BinaryFieldExpr { Op: FieldOp.And } and)
        {
            var l = LocalPart(and.Left);
            var r = LocalPart(and.Right);
            if (l is null) return r;
            if (r is null) return l;
            return new BinaryFieldExpr(FieldOp.And, l, r, StaticType.Boolean);
        }
        return null;
    }
}
