using Orrery.Query.LogQL.Syntax;
using Orrery.Signals.Labels;

namespace Orrery.Query.LogQL.Engine;

/// <summary>
/// Binary operators with PromQL's semantics: arithmetic and comparisons between scalars,
/// between a vector and a scalar, and between vectors matched on their labels (all labels,
/// <c>on(…)</c> or <c>ignoring(…)</c>; one-to-one or <c>group_left</c>/<c>group_right</c>);
/// comparisons filter unless <c>bool</c>; <c>and</c>, <c>or</c>, <c>unless</c> are set operations.
/// </summary>
internal static class BinaryEvaluator
{
    public static StepValues Evaluate(BinaryOpExpr expr, StepValues left, StepValues right, int steps)
    {
        var comparison = expr.Op is "==" or "!=" or ">" or ">=" or "<" or "<=";
        switch (left, right)
        {
            case (ScalarSteps l, ScalarSteps r):
                var values = new double[steps];
                for (var s = 0; s < steps; s++) values[s] = LogQLParser.Evaluate(expr.Op, l.Values[s], r.Values[s]);
                return new ScalarSteps(values);
            case (VectorSteps l, ScalarSteps r):
                return WithScalar(expr, l, r, scalarOnLeft: false, comparison, steps);
            case (ScalarSteps l, VectorSteps r):
                return WithScalar(expr, r, l, scalarOnLeft: true, comparison, steps);
        }
        var lv = (VectorSteps)left;
        var rv = (VectorSteps)right;
        return expr.Op switch
        {
            "and" or "or" or "unless" => SetOperation(expr, lv, rv, steps),
            _ => Match(expr, lv, rv, comparison, steps),
        };
    }

    private static VectorSteps WithScalar(BinaryOpExpr expr, VectorSteps vector, ScalarSteps scalar, bool scalarOnLeft, bool comparison, int steps)
    {
        var output = new List<StepSeries>(vector.Series.Count);
        foreach (var series in vector.Series)
        {
            var result = new StepSeries(series.Labels, steps);
            for (var s = 0; s < steps; s++)
            {
                if (!series.Present[s]) continue;
                var (a, b) = scalarOnLeft ? (scalar.Values[s], series.Values[s]) : (series.Values[s], scalar.Values[s]);
                var value = LogQLParser.Evaluate(expr.Op, a, b);
                if (comparison && !expr.ReturnBool)
                {
                    if (value == 1) result.Set(s, series.Values[s]);
                }
                else result.Set(s, value);
            }
            if (result.Any()) output.Add(result);
        }
        return new VectorSteps(output);
    }

    private static LabelSet MatchKey(LabelSet labels, VectorMatching? matching)
    {
        if (matching is null) return labels;
        var kept = new List<Label>();
        foreach (var label in labels.AsSpan())
        {
            if (matching.Labels.Contains(label.Name) == matching.On) kept.Add(label);
        }
        return LabelSet.FromSorted([.. kept]);
    }

    private static VectorSteps Match(BinaryOpExpr expr, VectorSteps left, VectorSteps right, bool comparison, int steps)
    {
        var matching = expr.Matching;
        var groupRight = matching?.GroupSide == "group_right";
        var manySide = groupRight ? right : left;
        var oneSide = groupRight ? left : right;
        var oneByKey = new Dictionary<LabelSet, List<StepSeries>>();
        foreach (var series in oneSide.Series)
        {
            var key = MatchKey(series.Labels, matching);
            if (!oneByKey.TryGetValue(key, out var list)) oneByKey.Add(key, list = []);
            list.Add(series);
        }
        var output = new Dictionary<LabelSet, StepSeries>();
        var seenMany = new Dictionary<(LabelSet Key, int Step), bool>();
        foreach (var many in manySide.Series)
        {
            var key = MatchKey(many.Labels, matching);
            if (!oneByKey.TryGetValue(key, out var candidates)) continue;
            var resultLabels = ResultLabels(many, candidates[0], matching);
            for (var s = 0; s < steps; s++)
            {
                if (!many.Present[s]) continue;
                StepSeries? one = null;
                foreach (var c in candidates)
                {
                    if (!c.Present[s]) continue;
                    if (one is not null) throw new LogQLException($"found duplicate series for the match group {key} on the {(groupRight ? "left" : "right")} hand-side of the operation; many-to-many matching not allowed: matching labels must be unique on one side");
                    one = c;
                }
                if (one is null) continue;
                if (matching?.GroupSide is null && !seenMany.TryAdd((key, s), true))
                    throw new LogQLException($"found duplicate series for the match group {key} on the {(groupRight ? "right" : "left")} hand-side of the operation; many-to-many matching not allowed: matching labels must be unique on one side");
                var (a, b) = groupRight ? (one.Values[s], many.Values[s]) : (many.Values[s], one.Values[s]);
                var value = LogQLParser.Evaluate(expr.Op, a, b);
                if (!output.TryGetValue(resultLabels, out var result)) output.Add(resultLabels, result = new StepSeries(resultLabels, steps));
                if (comparison && !expr.ReturnBool)
                {
                    if (value == 1) result.Set(s, a);
                }
                else result.Set(s, value);
            }
        }
        return new VectorSteps(output.Values.Where(o => o.Any()).ToList());
    }

    private static LabelSet ResultLabels(StepSeries many, StepSeries one, VectorMatching? matching)
    {
        if (matching is null) return many.Labels;
        if (matching.GroupSide is null) return MatchKey(many.Labels, matching);
        if (matching.Include.Count == 0) return many.Labels;
        var labels = many.Labels.AsSpan().ToArray().ToDictionary(l => l.Name, l => l.Value, StringComparer.Ordinal);
        foreach (var name in matching.Include)
        {
            var value = one.Labels.Get(name);
            if (value.Length > 0) labels[name] = value;
            else labels.Remove(name);
        }
        return LabelSet.From(labels.Select(p => new Label(p.Key, p.Value)));
    }

    private static VectorSteps SetOperation(BinaryOpExpr expr, VectorSteps left, VectorSteps right, int steps)
    {
        var rightKeys = new Dictionary<LabelSet, List<StepSeries>>();
        foreach (var series in right.Series)
        {
            var key = MatchKey(series.Labels, expr.Matching);
            if (!rightKeys.TryGetValue(key, out var list)) rightKeys.Add(key, list = []);
            list.Add(series);
        }
        bool RightHas(LabelSet key, int s) => rightKeys.TryGetValue(key, out var list) && list.Any(r => r.Present[s]);

        var output = new List<StepSeries>();
        var leftKeys = new Dictionary<LabelSet, List<StepSeries>>();
        foreach (var series in left.Series)
        {
            var key = MatchKey(series.Labels, expr.Matching);
            if (!leftKeys.TryGetValue(key, out var list)) leftKeys.Add(key, list = []);
            list.Add(series);
            var result = new StepSeries(series.Labels, steps);
            for (var s = 0; s < steps; s++)
            {
                if (!series.Present[s]) continue;
                var keep = expr.Op switch
                {
                    "and" => RightHas(key, s),
                    "unless" => !RightHas(key, s),
                    _ => true,
                };
                if (keep) result.Set(s, series.Values[s]);
            }
            if (result.Any()) output.Add(result);
        }
        if (expr.Op != "or") return new VectorSteps(output);
        foreach (var series in right.Series)
        {
            var key = MatchKey(series.Labels, expr.Matching);
            var result = new StepSeries(series.Labels, steps);
            for (var s = 0; s < steps; s++)
            {
                if (series.Present[s] && !(leftKeys.TryGetValue(key, out var list) && list.Any(l => l.Present[s]))) result.Set(s, series.Values[s]);
            }
            if (result.Any()) output.Add(result);
        }
        return new VectorSteps(output);
    }
}
