using Orrery.Query.LogQL.Syntax;
using Orrery.Signals.Labels;

namespace Orrery.Query.LogQL.Engine;

/// <summary>Evaluates a metric expression over all steps at once, bottom-up.</summary>
internal static class MetricEvaluator
{
    public static StepValues Evaluate(MetricExpr expr, EvalContext context) => expr switch
    {
        LiteralExpr literal => new ScalarSteps(Enumerable.Repeat(literal.Value, context.Steps.Length).ToArray()),
        VectorExpr vector => Vector(vector.Value, context.Steps.Length),
        RangeAggregationExpr range => RangeAggregator.Evaluate(range, context),
        VectorAggregationExpr aggregation => VectorAggregator.Evaluate(aggregation, Expect(EvaluateInner(aggregation, context), aggregation.Op), context.Steps.Length),
        LabelReplaceExpr replace => LabelReplacer.Evaluate(replace, Expect(Evaluate(replace.Inner, context), "label_replace")),
        BinaryOpExpr binary => BinaryEvaluator.Evaluate(binary, Evaluate(binary.Left, context), Evaluate(binary.Right, context), context.Steps.Length),
        _ => throw new LogQLException($"unsupported expression {expr}"),
    };

    /// <summary>
    /// <c>sum by (x) (count_over_time(…))</c> and the like: when summing (or taking min/max of)
    /// a range aggregation that composes with it, group the samples by the outer grouping as
    /// they are read. Same answer, one series per group instead of one per distinct label set
    /// (which, with a trace_id in the structured metadata, is one per line).
    /// </summary>
    private static StepValues EvaluateInner(VectorAggregationExpr aggregation, EvalContext context)
    {
        if (aggregation.Inner is RangeAggregationExpr { Grouping: null } range && Composes(aggregation.Op, range.Op))
            return RangeAggregator.Evaluate(range, context, aggregation.Grouping ?? new Grouping(false, EquatableList<string>.Empty));
        return Evaluate(aggregation.Inner, context);
    }

    private static bool Composes(string vectorOp, string rangeOp) => vectorOp switch
    {
        "sum" => rangeOp is "count_over_time" or "rate" or "bytes_over_time" or "bytes_rate" or "sum_over_time",
        "max" => rangeOp is "max_over_time",
        "min" => rangeOp is "min_over_time",
        _ => false,
    };

    private static VectorSteps Vector(double value, int steps)
    {
        var series = new StepSeries(LabelSet.Empty, steps);
        for (var s = 0; s < steps; s++) series.Set(s, value);
        return new VectorSteps([series]);
    }

    private static VectorSteps Expect(StepValues values, string op) =>
        values as VectorSteps ?? throw new LogQLException($"{op} expects a vector, not a scalar");
}

/// <summary>sum, avg, min, max, count, stddev, stdvar, topk, bottomk, sort, sort_desc with by/without.</summary>
internal static class VectorAggregator
{
    public static VectorSteps Evaluate(VectorAggregationExpr expr, VectorSteps input, int steps)
    {
        switch (expr.Op)
        {
            case "sort":
            case "sort_desc":
                return new VectorSteps(input.Series) { Ordered = true };
            case "topk":
            case "bottomk":
                return TopK(expr, input, steps);
        }
        var groups = new Dictionary<LabelSet, List<StepSeries>>();
        foreach (var series in input.Series)
        {
            var key = GroupKey(series.Labels, expr.Grouping);
            if (!groups.TryGetValue(key, out var members)) groups.Add(key, members = []);
            members.Add(series);
        }
        var output = new List<StepSeries>(groups.Count);
        var buffer = new List<double>();
        foreach (var (key, members) in groups)
        {
            var result = new StepSeries(key, steps);
            for (var s = 0; s < steps; s++)
            {
                buffer.Clear();
                foreach (var m in members)
                {
                    if (m.Present[s]) buffer.Add(m.Values[s]);
                }
                if (buffer.Count == 0) continue;
                var values = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer);
                result.Set(s, expr.Op switch
                {
                    "sum" => Sum(values),
                    "avg" => Sum(values) / values.Length,
                    "min" => Min(values),
                    "max" => Max(values),
                    "count" => values.Length,
                    "stddev" => Math.Sqrt(RangeAggregator.Variance(values)),
                    "stdvar" => RangeAggregator.Variance(values),
                    _ => throw new LogQLException($"unsupported vector aggregation {expr.Op}"),
                });
            }
            if (result.Any()) output.Add(result);
        }
        return new VectorSteps(output);
    }

    /// <summary>The labels a series is grouped by: only the <c>by</c> labels, all but the <c>without</c> labels, or none.</summary>
    internal static LabelSet GroupKey(LabelSet labels, Grouping? grouping)
    {
        if (grouping is null) return LabelSet.Empty;
        var kept = new List<Label>();
        foreach (var label in labels.AsSpan())
        {
            if (grouping.Labels.Contains(label.Name) != grouping.Without) kept.Add(label);
        }
        return LabelSet.FromSorted([.. kept]);
    }

    /// <summary>Per step and group, the k largest (smallest) series keep their value there; series keep their labels.</summary>
    private static VectorSteps TopK(VectorAggregationExpr expr, VectorSteps input, int steps)
    {
        var k = (int)(expr.Parameter ?? 1);
        var top = expr.Op == "topk";
        var groups = input.Series.GroupBy(s => GroupKey(s.Labels, expr.Grouping)).ToList();
        var output = input.Series.ToDictionary(s => s, s => new StepSeries(s.Labels, steps));
        for (var s = 0; s < steps; s++)
        {
            foreach (var group in groups)
            {
                var chosen = group.Where(m => m.Present[s])
                    .OrderBy(m => top ? -m.Values[s] : m.Values[s])
                    .ThenBy(m => m.Labels)
                    .Take(k);
                foreach (var m in chosen) output[m].Set(s, m.Values[s]);
            }
        }
        var result = output.Values.Where(o => o.Any()).ToList();
        if (steps == 1) result.Sort((a, b) => top ? b.Values[0].CompareTo(a.Values[0]) : a.Values[0].CompareTo(b.Values[0]));
        return new VectorSteps(result) { Ordered = steps == 1 };
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        return sum;
    }

    private static double Min(ReadOnlySpan<double> values)
    {
        var min = values[0];
        foreach (var v in values) min = v < min || double.IsNaN(min) ? v : min;
        return min;
    }

    private static double Max(ReadOnlySpan<double> values)
    {
        var max = values[0];
        foreach (var v in values) max = v > max || double.IsNaN(max) ? v : max;
        return max;
    }
}
