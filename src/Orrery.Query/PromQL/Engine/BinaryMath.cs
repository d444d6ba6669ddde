using Orrery.Query.PromQL.Functions;
using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Metrics;

namespace Orrery.Query.PromQL.Engine;

/// <summary>One binary operation on two sample values (Prometheus's <c>vectorElemBinop</c>).</summary>
internal static class BinaryMath
{
    public static bool IsComparison(BinaryOp op) => op is BinaryOp.Eql or BinaryOp.Neq or BinaryOp.Gtr or BinaryOp.Lss or BinaryOp.Gte or BinaryOp.Lte;

    public static bool IsSetOperator(BinaryOp op) => op is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless;

    /// <summary>Arithmetic drops the metric name; filtering comparisons keep it.</summary>
    public static bool DropsMetricName(BinaryOp op) =>
        op is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul or BinaryOp.Div or BinaryOp.Mod or BinaryOp.Pow or BinaryOp.Atan2;

    /// <summary>
    /// Applies <paramref name="op"/> to floats: arithmetic returns the result; a comparison
    /// returns the left value and whether the comparison holds in <paramref name="keep"/>.
    /// </summary>
    public static double Apply(BinaryOp op, double l, double r, out bool keep)
    {
        keep = true;
        switch (op)
        {
            case BinaryOp.Add: return l + r;
            case BinaryOp.Sub: return l - r;
            case BinaryOp.Mul: return l * r;
            case BinaryOp.Div: return l / r;
            // C#'s % on doubles is C's fmod, as Go's math.Mod (the sign follows the dividend).
            case BinaryOp.Mod: return l % r;
            case BinaryOp.Pow: return Math.Pow(l, r);
            case BinaryOp.Atan2: return Math.Atan2(l, r);
            case BinaryOp.Eql: keep = l == r; return l;
            case BinaryOp.Neq: keep = l != r; return l;
            case BinaryOp.Gtr: keep = l > r; return l;
            case BinaryOp.Lss: keep = l < r; return l;
            case BinaryOp.Gte: keep = l >= r; return l;
            case BinaryOp.Lte: keep = l <= r; return l;
            default: throw new PromQLException(PromErrorType.Internal, "operator " + op + " is not a value operator");
        }
    }

    /// <summary>
    /// Applies <paramref name="op"/> to samples that may be native histograms: histogram ± histogram,
    /// histogram × float, float × histogram and histogram ÷ float. Any other mix yields no sample
    /// (false), as in Prometheus.
    /// </summary>
    public static bool Apply(BinaryOp op, double fl, NativeHistogram? hl, double fr, NativeHistogram? hr, out double value, out NativeHistogram? histogram, out bool keep)
    {
        histogram = null;
        if (hl is null && hr is null)
        {
            value = Apply(op, fl, fr, out keep);
            return true;
        }
        value = 0;
        keep = true;
        if (hl is not null && hr is not null)
        {
            histogram = op switch
            {
                BinaryOp.Add => HistogramMath.Add(hl, hr),
                BinaryOp.Sub => HistogramMath.Sub(hl, hr),
                _ => null,
            };
        }
        else if (hl is not null)
        {
            histogram = op switch
            {
                BinaryOp.Mul => HistogramMath.Scale(hl, fr),
                BinaryOp.Div => HistogramMath.Scale(hl, 1 / fr),
                _ => null,
            };
        }
        else if (op == BinaryOp.Mul)
        {
            histogram = HistogramMath.Scale(hr!, fl);
        }
        return histogram is not null;
    }
}
