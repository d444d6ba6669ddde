using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Query.TraceQL.Engine;

/// <summary>A spanset while a pipeline runs: spans as sorted local indices of the trace.</summary>
internal sealed class WorkingSet(List<int> spans)
{
    public List<int> Spans { get; } = spans;

    public List<KeyValuePair<string, StaticValue>> Attributes { get; init; } = [];

    public StaticValue? Scalar { get; set; }

    public WorkingSet With(List<int> spans) => new(spans) { Attributes = Attributes, Scalar = Scalar };
}

/// <summary>
/// Runs a compiled pipeline over one trace. Every spanset expression is evaluated against one input
/// spanset (at the start of the query: all spans of the trace); the spanset operators combine each
/// left result with each right result, as Tempo does when <c>by()</c> has split spansets.
/// </summary>
internal sealed class PipelineEvaluation(CompiledQuery query, TraceView trace)
{
    public List<WorkingSet> Run(Pipeline pipeline, List<WorkingSet> input)
    {
        var sets = input;
        foreach (var stage in pipeline.Stages)
        {
            if (sets.Count == 0) return sets;
            sets = Stage(stage, sets);
        }
        return sets;
    }

    private List<WorkingSet> Stage(PipelineStage stage, List<WorkingSet> input)
    {
        switch (stage)
        {
            case SpansetExpr expr:
                {
                    var output = new List<WorkingSet>();
                    foreach (var set in input) output.AddRange(Spanset(expr, set));
                    return output;
                }
            case ScalarFilter filter:
                {
                    var output = new List<WorkingSet>();
                    foreach (var set in input)
                    {
                        var left = Scalar(filter.Left, set);
                        var right = Scalar(filter.Right, set);
                        if (!TqOperations.Compare(filter.Op, left, right, trace.Batch, null)) continue;
                        set.Scalar = left.ToStatic(trace.Batch);
                        output.Add(set);
                    }
                    return output;
                }
            case GroupOperation group:
                return Group(group, input);
            case CoalesceOperation:
                {
                    var all = new List<int>();
                    foreach (var set in input)
                    {
                        var merged = new List<int>();
                        StructuralOperators.Union(all, set.Spans, merged);
                        all = merged;
                    }
                    return [new WorkingSet(all)];
                }
            case SelectOperation:
                // The selected fields are read per span when results are written (see TraceQLEvaluator.SelectFields).
                return input;
            default:
                throw new NotSupportedException($"pipeline stage {stage.GetType().Name} is not a spanset stage");
        }
    }

    private List<WorkingSet> Spanset(SpansetExpr expr, WorkingSet input)
    {
        switch (expr)
        {
            case SpansetFilter filter:
                {
                    var predicate = query.PredicateFor(filter);
                    if (predicate is null) return [input];
                    var kept = new List<int>();
                    foreach (var local in input.Spans)
                    {
                        if (predicate.Matches(trace.Batch, trace, trace.Rows[local], local)) kept.Add(local);
                    }
                    return kept.Count == 0 ? [] : [input.With(kept)];
                }
            case PipelineSpanset nested:
                return Run(nested.Pipeline, [input]);
            case SpansetOperation operation:
                return Operation(operation, input);
            default:
                throw new NotSupportedException($"spanset expression {expr.GetType().Name}");
        }
    }

    private List<WorkingSet> Operation(SpansetOperation operation, WorkingSet input)
    {
        var lefts = Spanset(operation.Left, input);
        var rights = Spanset(operation.Right, input);
        var output = new List<WorkingSet>();
        if (operation.Op == SpansetOp.Union)
        {
            // Either side alone is enough: pair them when both matched, else pass the one that did.
            if (lefts.Count == 0) return rights;
            if (rights.Count == 0) return lefts;
        }
        var empty = new WorkingSet([]);
        var negated = operation.Op is SpansetOp.NotChild or SpansetOp.NotDescendant or SpansetOp.NotParent
            or SpansetOp.NotAncestor or SpansetOp.NotSibling;
        // A negated relation holds trivially for every right span when nothing matched on the left.
        if (lefts.Count == 0 && negated) lefts = [empty];
        foreach (var left in lefts)
        {
            foreach (var right in rights)
            {
                var spans = StructuralOperators.Apply(operation.Op, trace, left.Spans, right.Spans);
                if (spans.Count == 0) continue;
                var combined = new WorkingSet(spans) { Attributes = Merge(left.Attributes, right.Attributes) };
                output.Add(combined);
            }
        }
        return output;
    }

    private static List<KeyValuePair<string, StaticValue>> Merge(List<KeyValuePair<string, StaticValue>> a, List<KeyValuePair<string, StaticValue>> b)
    {
        if (b.Count == 0) return a;
        if (a.Count == 0) return b;
        var merged = new List<KeyValuePair<string, StaticValue>>(a);
        foreach (var pair in b)
        {
            if (!merged.Exists(p => p.Key == pair.Key)) merged.Add(pair);
        }
        return merged;
    }

    /// <summary><c>by(f)</c>: one spanset per distinct value of f, in order of first appearance; spans where f is nil form their own group.</summary>
    private List<WorkingSet> Group(GroupOperation group, List<WorkingSet> input)
    {
        var node = query.NodeFor(group.By);
        var name = "by(" + group.By + ")";
        var output = new List<WorkingSet>();
        foreach (var set in input)
        {
            var groups = new Dictionary<StaticValue, List<int>>();
            var order = new List<StaticValue>();
            foreach (var local in set.Spans)
            {
                var value = node.Eval(new SpanContext(trace.Batch, trace, trace.Rows[local], local)).ToStatic(trace.Batch);
                if (!groups.TryGetValue(value, out var spans))
                {
                    groups.Add(value, spans = []);
                    order.Add(value);
                }
                spans.Add(local);
            }
            foreach (var key in order)
            {
                var attributes = new List<KeyValuePair<string, StaticValue>>(set.Attributes) { new(name, key) };
                output.Add(new WorkingSet(groups[key]) { Attributes = attributes, Scalar = set.Scalar });
            }
        }
        return output;
    }

    private TqValue Scalar(ScalarExpr expr, WorkingSet set)
    {
        switch (expr)
        {
            case ScalarStatic s:
                return TqValue.Of(s.Value);
            case ScalarBinary b:
                {
                    var l = Scalar(b.Left, set);
                    var r = Scalar(b.Right, set);
                    return TqOperations.Arithmetic(b.Op, l, r);
                }
            case AggregateExpr a:
                return Aggregate(a, set);
            default:
                throw new NotSupportedException($"scalar {expr.GetType().Name}");
        }
    }

    /// <summary>
    /// count() counts spans; sum/min/max/avg read the field on each span and skip nil and
    /// non-numbers. Durations stay durations (avg rounds down to a nanosecond); an int sum stays
    /// an int; avg of ints is a float; with no numbers the result is nil.
    /// </summary>
    private TqValue Aggregate(AggregateExpr aggregate, WorkingSet set)
    {
        if (aggregate.Kind == AggregateKind.Count) return TqValue.OfInt(set.Spans.Count);
        var node = query.NodeFor(aggregate.Argument!);
        var n = 0;
        var kind = TqKind.Int;
        long intSum = 0, intMin = long.MaxValue, intMax = long.MinValue;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var local in set.Spans)
        {
            var v = node.Eval(new SpanContext(trace.Batch, trace, trace.Rows[local], local));
            if (!v.IsNumeric) continue;
            if (v.Kind == TqKind.Float) kind = TqKind.Float;
            else if (v.Kind == TqKind.Duration && kind == TqKind.Int) kind = TqKind.Duration;
            n++;
            var d = v.AsDouble;
            sum += d;
            min = Math.Min(min, d);
            max = Math.Max(max, d);
            if (v.Kind != TqKind.Float)
            {
                intSum = unchecked(intSum + v.Int);
                intMin = Math.Min(intMin, v.Int);
                intMax = Math.Max(intMax, v.Int);
            }
        }
        if (n == 0) return TqValue.Nil;
        if (kind == TqKind.Float)
        {
            return aggregate.Kind switch
            {
                AggregateKind.Sum => TqValue.OfFloat(sum),
                AggregateKind.Min => TqValue.OfFloat(min),
                AggregateKind.Max => TqValue.OfFloat(max),
                _ => TqValue.OfFloat(sum / n),
            };
        }
        Func<long, TqValue> make = kind == TqKind.Duration ? TqValue.OfDuration : TqValue.OfInt;
        return aggregate.Kind switch
        {
            AggregateKind.Sum => make(intSum),
            AggregateKind.Min => make(intMin),
            AggregateKind.Max => make(intMax),
            _ => kind == TqKind.Duration ? TqValue.OfDuration((long)(sum / n)) : TqValue.OfFloat(sum / n),
        };
    }
}
