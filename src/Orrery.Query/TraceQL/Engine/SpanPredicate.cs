using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals.Traces;

namespace Orrery.Query.TraceQL.Engine;

/// <summary>
/// A compiled spanset filter expression. Expressions over <c>event.</c>/<c>link.</c> fields hold
/// for a span when they hold for at least one of its events (links): <c>{ event.a = 1 &amp;&amp;
/// event:name = "x" }</c> needs one event with both. Without events (links) those fields are nil.
/// </summary>
internal sealed class SpanPredicate
{
    private readonly FieldNode _node;
    private readonly bool _overEvents;
    private readonly bool _overLinks;

    public SpanPredicate(FieldExpr expression)
    {
        Expression = expression;
        _node = FieldCompiler.Compile(expression);
        var uses = FieldCompiler.Analyze(expression);
        _overEvents = uses.Events;
        _overLinks = uses.Links;
        IsTraceLevel = uses.TraceLevel;
    }

    public FieldExpr Expression { get; }

    /// <summary>True when the expression needs the whole trace (root, tree, trace duration).</summary>
    public bool IsTraceLevel { get; }

    public bool Matches(SpanBatch batch, TraceView? trace, int row, int local)
    {
        var ctx = new SpanContext(batch, trace, row, local);
        if (!_overEvents && !_overLinks) return _node.Eval(ctx).IsTrue;
        if (_overEvents)
        {
            var events = batch.Spans[row].Events;
            if (events.Count == 0) return MatchLinks(ctx);
            for (var e = events.Start; e < events.End; e++)
            {
                if (MatchLinks(ctx.WithEvent(e))) return true;
            }
            return false;
        }
        return MatchLinks(ctx);
    }

    private bool MatchLinks(in SpanContext ctx)
    {
        if (!_overLinks) return _node.Eval(ctx).IsTrue;
        var links = ctx.Batch.Spans[ctx.Row].Links;
        if (links.Count == 0) return _node.Eval(ctx).IsTrue;
        for (var l = links.Start; l < links.End; l++)
        {
            if (_node.Eval(ctx.WithLink(l)).IsTrue) return true;
        }
        return false;
    }
}

internal static class FieldCompiler
{
    public readonly record struct Uses(bool Events, bool Links, bool TraceLevel);

    public static FieldNode Compile(FieldExpr expression) => expression switch
    {
        StaticExpr s => new ConstantNode(TqValue.Of(s.Value)),
        AttributeExpr a => new AttributeNode(a.Scope, a.Name),
        IntrinsicExpr i => new IntrinsicNode(i.Intrinsic),
        UnaryFieldExpr { Op: UnaryOp.Not } u => new NotNode(Compile(u.Operand)),
        UnaryFieldExpr u => new NegateNode(Compile(u.Operand)),
        BinaryFieldExpr b => CompileBinary(b),
        _ => throw new NotSupportedException($"field expression {expression.GetType().Name}"),
    };

    private static FieldNode CompileBinary(BinaryFieldExpr b)
    {
        var left = Compile(b.Left);
        var right = Compile(b.Right);
        switch (b.Op)
        {
            case FieldOp.And: return new LogicalNode(true, left, right);
            case FieldOp.Or: return new LogicalNode(false, left, right);
            case FieldOp.Add or FieldOp.Subtract or FieldOp.Multiply or FieldOp.Divide or FieldOp.Modulo or FieldOp.Power:
                return Fold(new ArithmeticNode(b.Op, left, right), left, right);
            default:
                if (b.Right is StaticExpr { Value.Type: StaticType.Nil }) return new NilCheckNode(b.Op, left);
                if (b.Left is StaticExpr { Value.Type: StaticType.Nil }) return new NilCheckNode(b.Op, right);
                var pattern = b.Op is FieldOp.Regex or FieldOp.NotRegex && b.Right is StaticExpr { Value.Type: StaticType.String } p
                    ? TqOperations.CompilePattern(p.Value.Text ?? string.Empty)
                    : null;
                return new CompareNode(b.Op, left, right, pattern);
        }
    }

    /// <summary>Arithmetic over literals is computed once (<c>duration > 2 * 1s</c>).</summary>
    private static FieldNode Fold(FieldNode node, FieldNode left, FieldNode right) =>
        left is ConstantNode && right is ConstantNode ? new ConstantNode(node.Eval(default)) : node;

    public static Uses Analyze(FieldExpr expression)
    {
        var events = false;
        var links = false;
        var traceLevel = false;
        Walk(expression);
        return new Uses(events, links, traceLevel);

        void Walk(FieldExpr e)
        {
            switch (e)
            {
                case AttributeExpr a:
                    events |= a.Scope == Syntax.AttributeScope.Event;
                    links |= a.Scope == Syntax.AttributeScope.Link;
                    break;
                case IntrinsicExpr i:
                    events |= i.Intrinsic is Intrinsic.EventName or Intrinsic.EventTimeSinceStart;
                    links |= i.Intrinsic is Intrinsic.LinkTraceId or Intrinsic.LinkSpanId;
                    traceLevel |= IntrinsicNode.IsTraceLevel(i.Intrinsic);
                    break;
                case UnaryFieldExpr u:
                    Walk(u.Operand);
                    break;
                case BinaryFieldExpr b:
                    Walk(b.Left);
                    Walk(b.Right);
                    break;
            }
        }
    }
}
