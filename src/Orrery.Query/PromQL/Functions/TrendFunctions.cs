using System.Globalization;
using Orrery.Query.PromQL.Engine;
using Orrery.Signals.Metrics;

namespace Orrery.Query.PromQL.Functions;

/// <summary>deriv, predict_linear and holt_winters (double_exponential_smoothing) over float samples.</summary>
internal static class TrendFunctions
{
    public static bool Deriv(in RangeWindow w, out double value, out NativeHistogram? histogram)
    {
        histogram = null;
        value = 0;
        if (w.Floats.Length < 2) return false;
        // Regressing against times relative to the first sample keeps the sums small (prometheus#2674).
        value = LinearRegression(w.Floats, w.Floats[0].T, out _);
        return true;
    }

    /// <summary><c>predict_linear(m, t)</c>: the regression line at the step's time plus t seconds (t in <see cref="RangeWindow.Scalars"/>[1]).</summary>
    public static bool PredictLinear(in RangeWindow w, out double value, out NativeHistogram? histogram)
    {
        histogram = null;
        value = 0;
        if (w.Floats.Length < 2) return false;
        var duration = w.Scalars.Length > 1 ? w.Scalars[1] : double.NaN;
        var slope = LinearRegression(w.Floats, w.EvaluationTimeMs, out var intercept);
        value = slope * duration + intercept;
        return true;
    }

    /// <summary>Least squares over (seconds since <paramref name="interceptTimeMs"/>, value) with compensated sums.</summary>
    internal static double LinearRegression(ReadOnlySpan<FPoint> samples, long interceptTimeMs, out double intercept)
    {
        double n = 0, sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
        var initY = samples[0].F;
        var constY = true;
        for (var i = 0; i < samples.Length; i++)
        {
            var y = samples[i].F;
            if (constY && i > 0 && y != initY) constY = false;
            n += 1;
            var x = (samples[i].T - interceptTimeMs) / 1e3;
            KahanSum.Inc(x, ref sumX, ref cX);
            KahanSum.Inc(y, ref sumY, ref cY);
            KahanSum.Inc(x * y, ref sumXY, ref cXY);
            KahanSum.Inc(x * x, ref sumX2, ref cX2);
        }
        if (constY)
        {
            // A flat line has slope 0 exactly, which the sums would only approximate.
            if (double.IsInfinity(initY))
            {
                intercept = double.NaN;
                return double.NaN;
            }
            intercept = initY;
            return 0;
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        var covXY = sumXY - sumX * sumY / n;
        var varX = sumX2 - sumX * sumX / n;
        var slope = covXY / varX;
        intercept = sumY / n - slope * sumX / n;
        return slope;
    }

    /// <summary><c>holt_winters(m, sf, tf)</c>: double exponential smoothing; factors in <see cref="RangeWindow.Scalars"/>[1] and [2].</summary>
    public static bool HoltWinters(in RangeWindow w, out double value, out NativeHistogram? histogram)
    {
        histogram = null;
        value = 0;
        var sf = w.Scalars.Length > 1 ? w.Scalars[1] : double.NaN;
        var tf = w.Scalars.Length > 2 ? w.Scalars[2] : double.NaN;
        if (sf <= 0 || sf >= 1)
            throw new PromQLException(PromErrorType.Execution, "invalid smoothing factor. Expected: 0 < sf < 1, got: " + GoFixed(sf));
        if (tf <= 0 || tf >= 1)
            throw new PromQLException(PromErrorType.Execution, "invalid trend factor. Expected: 0 < tf < 1, got: " + GoFixed(tf));
        var points = w.Floats;
        if (points.Length < 2) return false;
        double s0 = 0, s1 = points[0].F, b = points[1].F - points[0].F;
        for (var i = 1; i < points.Length; i++)
        {
            var x = sf * points[i].F;
            // The trend of the first step is the initial difference itself.
            if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b;
            var y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        value = s1;
        return true;
    }

    /// <summary>Go's <c>%f</c>: six decimals, "NaN", "+Inf", "-Inf".</summary>
    internal static string GoFixed(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf"
        : v.ToString("F6", CultureInfo.InvariantCulture);
}
