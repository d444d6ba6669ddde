using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Labels;

namespace Orrery.Query.PromQL.Engine;

internal sealed partial class Evaluator
{
    /// <summary>
    /// Arithmetic and comparisons between two vectors: one-to-one, many-to-one (group_left) or
    /// one-to-many (group_right) matching on signatures computed once per series. The "one"
    /// side is indexed by signature at each step; result labels are computed once per matched
    /// pair of series.
    /// </summary>
    private StepMatrix VectorVector(BinaryExpr b, StepMatrix lhs, StepMatrix rhs, VectorMatching matching, EvalGrid grid)
    {
        var steps = grid.Steps;
        var oneToMany = matching.Card == MatchingCardinality.OneToMany;
        var oneToOne = matching.Card == MatchingCardinality.OneToOne;
        var many = oneToMany ? rhs : lhs;
        var one = oneToMany ? lhs : rhs;
        var sigIds = new Dictionary<LabelSet, int>();
        var manySig = Signatures(many, matching, sigIds);
        var oneSig = Signatures(one, matching, sigIds);
        var sigCount = sigIds.Count;
        var oneAt = new int[sigCount];
        var oneStamp = new int[sigCount];
        var matchedStamp = new int[sigCount];
        var builder = new StepMatrixBuilder(steps, budget);

        // Output series per matched (many, one) pair, and for each output the step and signature
        // of its last match, to tell "grouping labels must ensure unique matches" apart.
        var pairs = new Dictionary<(int Many, int One), int>();
        // A many-side series nearly always meets the same one-side series at every step.
        var lastOne = new int[many.Series.Count];
        var lastOrdinal = new int[many.Series.Count];
        Array.Fill(lastOne, -1);
        var outputs = new List<StepSeries>();
        var outputOrdinal = new Dictionary<StepSeries, int>(ReferenceEqualityComparer.Instance);
        var outStamp = new List<int>();
        var outSig = new List<int>();

        for (var i = 0; i < steps; i++)
        {
            budget.Tick();
            var mark = i + 1;
            for (var j = 0; j < one.Series.Count; j++)
            {
                if (!one.Series[j].Has(i)) continue;
                var g = oneSig[j];
                if (oneStamp[g] == mark) throw DuplicateOnOneSide(one.Series[j].Metric, one.Series[oneAt[g]].Metric, matching, oneToMany);
                oneStamp[g] = mark;
                oneAt[g] = j;
            }
            for (var k = 0; k < many.Series.Count; k++)
            {
                var ms = many.Series[k];
                if (!ms.Has(i)) continue;
                var g = manySig[k];
                if (oneStamp[g] != mark) continue;
                var j = oneAt[g];
                var os = one.Series[j];
                var (lf, lh, rf, rh) = oneToMany
                    ? (os.F[i], os.HistogramAt(i), ms.F[i], ms.HistogramAt(i))
                    : (ms.F[i], ms.HistogramAt(i), os.F[i], os.HistogramAt(i));
                var ok = BinaryMath.Apply(b.Op, lf, lh, rf, rh, out var value, out var hv, out var keep);
                if (b.ReturnBool)
                {
                    value = keep ? 1 : 0;
                    hv = null;
                }

                int ord;
                if (lastOne[k] == j) ord = lastOrdinal[k];
                else if (!pairs.TryGetValue((k, j), out ord))
                {
                    var output = builder.Series(ResultMetric(ms.Metric, os.Metric, b, matching));
                    if (!outputOrdinal.TryGetValue(output, out ord))
                    {
                        ord = outputs.Count;
                        outputs.Add(output);
                        outputOrdinal.Add(output, ord);
                        outStamp.Add(0);
                        outSig.Add(-1);
                    }
                    pairs.Add((k, j), ord);
                }
                lastOne[k] = j;
                lastOrdinal[k] = ord;
                if (oneToOne)
                {
                    if (matchedStamp[g] == mark)
                        throw PromErrors.Execution("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                    matchedStamp[g] = mark;
                }
                else if (outStamp[ord] == mark && outSig[ord] == g)
                {
                    throw PromErrors.Execution("multiple matches for labels: grouping labels must ensure unique matches");
                }
                outStamp[ord] = mark;
                outSig[ord] = g;
                if (!ok || (!keep && !b.ReturnBool)) continue;
                builder.Add(outputs[ord], i, value, hv);
            }
        }
        return builder.Build();
    }

    /// <summary>Prometheus's <c>resultMetric</c>: the "many" side's labels, reduced for one-to-one matching, plus group_x labels from the "one" side.</summary>
    private static LabelSet ResultMetric(LabelSet many, LabelSet one, BinaryExpr b, VectorMatching matching)
    {
        var labels = many;
        if (BinaryMath.DropsMetricName(b.Op)) labels = LabelOps.DropName(labels);
        if (matching.Card == MatchingCardinality.OneToOne)
        {
            labels = matching.On
                ? LabelOps.Keep(labels, matching.MatchingLabels)
                : LabelOps.Without(labels, matching.MatchingLabels, dropName: false);
        }
        foreach (var name in matching.Include) labels = LabelOps.With(labels, name, one.Get(name));
        if (b.ReturnBool) labels = LabelOps.DropName(labels);
        return labels;
    }

    private static PromQLException DuplicateOnOneSide(LabelSet a, LabelSet b, VectorMatching matching, bool oneToMany)
    {
        var group = LabelOps.Signature(a, matching.On, matching.MatchingLabels);
        var (first, second) = (a.ToString(), b.ToString());
        if (string.CompareOrdinal(first, second) > 0) (first, second) = (second, first);
        var side = oneToMany ? "left" : "right";
        return PromErrors.Execution(
            $"found duplicate series for the match group {group} on the {side} hand-side of the operation: [{first}, {second}]" +
            ";many-to-many matching not allowed: matching labels must be unique on one side");
    }
}
