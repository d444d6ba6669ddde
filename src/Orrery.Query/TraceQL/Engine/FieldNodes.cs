using System.Text;
using System.Text.RegularExpressions;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Query.TraceQL.Engine;

/// <summary>A compiled field expression: evaluated per span (and event/link) without allocating.</summary>
internal abstract class FieldNode
{
    public abstract TqValue Eval(in SpanContext ctx);
}

internal sealed class ConstantNode(TqValue value) : FieldNode
{
    public TqValue Value { get; } = value;

    public override TqValue Eval(in SpanContext ctx) => Value;
}

internal sealed class AttributeNode(Syntax.AttributeScope scope, string name) : FieldNode
{
    private readonly byte[] _name = Encoding.UTF8.GetBytes(name);

    public override TqValue Eval(in SpanContext ctx)
    {
        var batch = ctx.Batch;
        switch (scope)
        {
            case Syntax.AttributeScope.Span:
                return From(batch, batch.SpanAttributes, batch.FindSpanAttribute(ctx.Row, _name));
            case Syntax.AttributeScope.Resource:
                return From(batch, batch.ResourceAttributes, batch.FindResourceAttribute(ctx.Row, _name));
            case Syntax.AttributeScope.None:
                // Unscoped: the span's own attribute wins; the resource's is the fallback.
                var s = batch.FindSpanAttribute(ctx.Row, _name);
                return s >= 0
                    ? From(batch, batch.SpanAttributes, s)
                    : From(batch, batch.ResourceAttributes, batch.FindResourceAttribute(ctx.Row, _name));
            case Syntax.AttributeScope.Instrumentation:
                return From(batch, batch.ScopeAttributes, Find(batch, batch.ScopeAttributes, batch.ScopeOf(ctx.Row).Attributes));
            case Syntax.AttributeScope.Event:
                return ctx.Event < 0 ? TqValue.Nil : From(batch, batch.EventAttributes, Find(batch, batch.EventAttributes, batch.Events[ctx.Event].Attributes));
            case Syntax.AttributeScope.Link:
                return ctx.Link < 0 ? TqValue.Nil : From(batch, batch.LinkAttributes, Find(batch, batch.LinkAttributes, batch.Links[ctx.Link].Attributes));
            default:
                return TqValue.Nil;
        }
    }

    private static TqValue From(SpanBatch batch, RowList<KeyValueRow> table, int index) =>
        index < 0 ? TqValue.Nil : TqValue.Of(table[index].Value);

    private int Find(SpanBatch batch, RowList<KeyValueRow> table, RowRange range)
    {
        for (var i = range.Start; i < range.End; i++)
        {
            if (batch.Bytes.Get(table[i].Key).SequenceEqual(_name)) return i;
        }
        return -1;
    }
}

internal sealed class IntrinsicNode(Intrinsic intrinsic) : FieldNode
{
    public Intrinsic Intrinsic { get; } = intrinsic;

    /// <summary>Needs the whole trace (root, parent/child links, nested set); cannot be decided from one span.</summary>
    public static bool IsTraceLevel(Intrinsic intrinsic) => intrinsic is Intrinsic.ChildCount or Intrinsic.RootName
        or Intrinsic.RootServiceName or Intrinsic.TraceDuration or Intrinsic.NestedSetLeft or Intrinsic.NestedSetRight
        or Intrinsic.NestedSetParent;

    public override TqValue Eval(in SpanContext ctx)
    {
        var batch = ctx.Batch;
        ref var span = ref batch.Spans[ctx.Row];
        var trace = ctx.Trace;
        switch (Intrinsic)
        {
            case Intrinsic.Name: return TqValue.OfArena(span.Name);
            case Intrinsic.Status: return TqValue.OfStatus(span.StatusCode);
            case Intrinsic.StatusMessage: return TqValue.OfArena(span.StatusMessage);
            case Intrinsic.Kind: return TqValue.OfKind(span.Kind);
            case Intrinsic.Duration: return TqValue.OfDuration(span.DurationNano);
            case Intrinsic.SpanId: return TqValue.OfSpanId(span.SpanId);
            case Intrinsic.ParentId: return span.ParentSpanId.IsEmpty ? TqValue.Nil : TqValue.OfSpanId(span.ParentSpanId);
            case Intrinsic.TraceId: return TqValue.OfTraceId(span.TraceId);
            case Intrinsic.InstrumentationName: return TqValue.OfArena(batch.ScopeOf(ctx.Row).Name);
            case Intrinsic.InstrumentationVersion: return TqValue.OfArena(batch.ScopeOf(ctx.Row).Version);
            case Intrinsic.EventName: return ctx.Event < 0 ? TqValue.Nil : TqValue.OfArena(batch.Events[ctx.Event].Name);
            case Intrinsic.EventTimeSinceStart:
                return ctx.Event < 0 ? TqValue.Nil : TqValue.OfDuration(batch.Events[ctx.Event].TimeUnixNano - span.StartUnixNano);
            case Intrinsic.LinkTraceId: return ctx.Link < 0 ? TqValue.Nil : TqValue.OfTraceId(batch.Links[ctx.Link].TraceId);
            case Intrinsic.LinkSpanId: return ctx.Link < 0 ? TqValue.Nil : TqValue.OfSpanId(batch.Links[ctx.Link].SpanId);
        }
        if (trace is null || ctx.Local < 0) return TqValue.Nil;
        switch (Intrinsic)
        {
            case Intrinsic.ChildCount: return TqValue.OfInt(trace.ChildCount[ctx.Local]);
            case Intrinsic.TraceDuration: return TqValue.OfDuration(trace.EndUnixNano - trace.StartUnixNano);
            case Intrinsic.RootName:
                return trace.Root < 0 ? TqValue.Nil : TqValue.OfArena(batch.Spans[trace.Rows[trace.Root]].Name);
            case Intrinsic.RootServiceName:
                return trace.Root < 0 ? TqValue.Nil : ServiceName(batch, trace.Rows[trace.Root]);
            case Intrinsic.NestedSetLeft: return TqValue.OfInt(trace.NestedSetLeft(ctx.Local));
            case Intrinsic.NestedSetRight: return TqValue.OfInt(trace.NestedSetRight(ctx.Local));
            case Intrinsic.NestedSetParent: return TqValue.OfInt(trace.NestedSetParent(ctx.Local));
            default: return TqValue.Nil;
        }
    }

    private static TqValue ServiceName(SpanBatch batch, int row)
    {
        var i = batch.FindResourceAttribute(row, "service.name"u8);
        if (i < 0) return TqValue.Nil;
        ref var v = ref batch.ResourceAttributes[i].Value;
        return v.Kind == ValueKind.String ? TqValue.OfArena(v.Bytes) : TqValue.Nil;
    }
}

internal sealed class CompareNode(FieldOp op, FieldNode left, FieldNode right, Regex? pattern) : FieldNode
{
    public FieldOp Op { get; } = op;
    public FieldNode Left { get; } = left;
    public FieldNode Right { get; } = right;

    public override TqValue Eval(in SpanContext ctx)
    {
        var l = Left.Eval(ctx);
        var r = Right.Eval(ctx);
        return TqValue.OfBool(TqOperations.Compare(Op, l, r, ctx.Batch, pattern));
    }
}

internal sealed class ArithmeticNode(FieldOp op, FieldNode left, FieldNode right) : FieldNode
{
    public override TqValue Eval(in SpanContext ctx) => TqOperations.Arithmetic(op, left.Eval(ctx), right.Eval(ctx));
}

/// <summary><c>&amp;&amp;</c> and <c>||</c> on booleans; a non-boolean operand counts as false.</summary>
internal sealed class LogicalNode(bool isAnd, FieldNode left, FieldNode right) : FieldNode
{
    public override TqValue Eval(in SpanContext ctx)
    {
        var l = left.Eval(ctx).IsTrue;
        if (isAnd ? !l : l) return TqValue.OfBool(l);
        return TqValue.OfBool(right.Eval(ctx).IsTrue);
    }
}

internal sealed class NotNode(FieldNode operand) : FieldNode
{
    public override TqValue Eval(in SpanContext ctx)
    {
        var v = operand.Eval(ctx);
        return v.Kind == TqKind.Bool ? TqValue.OfBool(v.Int == 0) : TqValue.Nil;
    }
}

internal sealed class NegateNode(FieldNode operand) : FieldNode
{
    public override TqValue Eval(in SpanContext ctx)
    {
        var v = operand.Eval(ctx);
        return v.Kind switch
        {
            TqKind.Int => TqValue.OfInt(-v.Int),
            TqKind.Duration => TqValue.OfDuration(-v.Int),
            TqKind.Float => TqValue.OfFloat(-v.Float),
            _ => TqValue.Nil,
        };
    }
}

/// <summary><c>x = nil</c> (x is missing) and <c>x != nil</c> (x exists); any other operator with nil is false.</summary>
internal sealed class NilCheckNode(FieldOp op, FieldNode operand) : FieldNode
{
    public override TqValue Eval(in SpanContext ctx)
    {
        var isNil = operand.Eval(ctx).IsNil;
        return TqValue.OfBool(op switch
        {
            FieldOp.Equal => isNil,
            FieldOp.NotEqual => !isNil,
            _ => false,
        });
    }
}
