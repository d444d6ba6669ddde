using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Labels;

namespace Orrery.Query.PromQL.Engine;

internal sealed partial class Evaluator
{
    private static readonly VectorMatching s_defaultMatching = new(MatchingCardinality.OneToOne, new([]), false, new([]));

    private object EvalBinary(BinaryExpr b, EvalGrid grid)
    {
        var lhs = Eval(b.Lhs, grid);
        var rhs = Eval(b.Rhs, grid);
        switch (lhs, rhs)
        {
            case (ScalarSteps l, ScalarSteps r):
                return ScalarScalar(b, l, r);
            case (StepMatrix l, ScalarSteps r):
                return VectorScalar(b, l, r, scalarOnLeft: false, grid);
            case (ScalarSteps l, StepMatrix r):
                return VectorScalar(b, r, l, scalarOnLeft: true, grid);
            case (StepMatrix l, StepMatrix r):
                var matching = b.Matching ?? s_defaultMatching;
                var result = BinaryMath.IsSetOperator(b.Op)
                    ? SetOperation(b.Op, l, r, matching, grid)
                    : VectorVector(b, l, r, matching, grid);
                l.Release(budget);
                r.Release(budget);
                return result;
            default:
                throw new PromQLException(PromErrorType.Internal, "binary operator on unsupported operand types");
        }
    }

    private static ScalarSteps ScalarScalar(BinaryExpr b, ScalarSteps l, ScalarSteps r)
    {
        var comparison = BinaryMath.IsComparison(b.Op);
        for (var i = 0; i < l.V.Length; i++)
        {
            var v = BinaryMath.Apply(b.Op, l.V[i], r.V[i], out var keep);
            l.V[i] = comparison ? (keep ? 1 : 0) : v;
        }
        return l;
    }

    private StepMatrix VectorScalar(BinaryExpr b, StepMatrix vector, ScalarSteps scalar, bool scalarOnLeft, EvalGrid grid)
    {
        var steps = grid.Steps;
        var comparison = BinaryMath.IsComparison(b.Op);
        var dropName = BinaryMath.DropsMetricName(b.Op) || b.ReturnBool;
        var builder = new StepMatrixBuilder(steps, budget);
        foreach (var series in vector.Series)
        {
            budget.Tick();
            StepSeries? output = null;
            for (var i = 0; i < steps; i++)
            {
                var h = series.HistogramAt(i);
                var f = series.F[i];
                if (h is null && StepSeries.IsAbsent(f)) continue;
                var s = scalar.V[i];
                var ok = scalarOnLeft
                    ? BinaryMath.Apply(b.Op, s, null, f, h, out var value, out var hv, out var keep)
                    : BinaryMath.Apply(b.Op, f, h, s, null, out value, out hv, out keep);
                if (!ok) continue;
                // A comparison keeps the vector's value even when the scalar is on the left.
                if (comparison && scalarOnLeft) value = f;
                if (b.ReturnBool)
                {
                    value = keep ? 1 : 0;
                    hv = null;
                    keep = true;
                }
                if (!keep) continue;
                output ??= builder.Series(dropName ? LabelOps.DropName(series.Metric) : series.Metric);
                builder.Add(output, i, value, hv);
            }
        }
        vector.Release(budget);
        return builder.Build();
    }

    /// <summary>and / or / unless: series pass through unchanged, matched by signature at each step.</summary>
    private StepMatrix SetOperation(BinaryOp op, StepMatrix lhs, StepMatrix rhs, VectorMatching matching, EvalGrid grid)
    {
        var steps = grid.Steps;
        var sigIds = new Dictionary<LabelSet, int>();
        var lhsSig = Signatures(lhs, matching, sigIds);
        var rhsSig = Signatures(rhs, matching, sigIds);
        var stamp = new int[sigIds.Count];
        var builder = new StepMatrixBuilder(steps, budget);
        var lhsOut = new StepSeries?[lhs.Series.Count];
        var rhsOut = new StepSeries?[rhs.Series.Count];
        for (var i = 0; i < steps; i++)
        {
            budget.Tick();
            var mark = i + 1;
            var marked = op == BinaryOp.Or ? lhs : rhs;
            var markedSig = op == BinaryOp.Or ? lhsSig : rhsSig;
            for (var k = 0; k < marked.Series.Count; k++)
            {
                if (marked.Series[k].Has(i)) stamp[markedSig[k]] = mark;
            }
            for (var k = 0; k < lhs.Series.Count; k++)
            {
                var s = lhs.Series[k];
                if (!s.Has(i)) continue;
                var matched = stamp[lhsSig[k]] == mark;
                if (op == BinaryOp.And && !matched) continue;
                if (op == BinaryOp.Unless && matched) continue;
                Copy(builder, s, ref lhsOut[k], i);
            }
            if (op != BinaryOp.Or) continue;
            for (var k = 0; k < rhs.Series.Count; k++)
            {
                var s = rhs.Series[k];
                if (s.Has(i) && stamp[rhsSig[k]] != mark) Copy(builder, s, ref rhsOut[k], i);
            }
        }
        return builder.Build();
    }

    private static void Copy(StepMatrixBuilder builder, StepSeries from, ref StepSeries? to, int step)
    {
        to ??= builder.Series(from.Metric);
        builder.Add(to, step, from.F[step], from.HistogramAt(step));
    }

    private static int[] Signatures(StepMatrix m, VectorMatching matching, Dictionary<LabelSet, int> ids)
    {
        var result = new int[m.Series.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var sig = LabelOps.Signature(m.Series[i].Metric, matching.On, matching.MatchingLabels);
            if (!ids.TryGetValue(sig, out var id))
            {
                id = ids.Count;
                ids.Add(sig, id);
            }
            result[i] = id;
        }
        return result;
    }
}
