using Orrery.Signals.Metrics;

namespace Orrery.Query.PromQL.Functions;

/// <summary>
/// The <c>*_over_time</c> family. Float aggregations ignore histogram samples and yield
/// nothing without floats; sum and avg add histograms when the window holds only histograms
/// and yield nothing for a mix.
/// </summary>
internal static class OverTimeFunctions
{
    public static bool Avg(in RangeWindow w, out double value, out NativeHistogram? histogram)
    {
        value = 0;
        histogram = null;
        if (w.Floats.Length > 0 && w.Histograms.Length > 0) return false;
        if (w.Histograms.Length > 0)
        {
            histogram = HistogramMath.Scale(SumHistograms(w), 1.0 / w.Histograms.Length);
            return true;
        }
        if (w.Floats.Length == 0) return false;
        // Prometheus 2.42's incremental mean with compensation, Inf-aware.
        double mean = 0, count = 0, c = 0;
        foreach (var p in w.Floats)
        {
            count++;
            if (double.IsInfinity(mean))
            {
                if (double.IsInfinity(p.F) && (mean > 0) == (p.F > 0)) continue;
                if (!double.IsInfinity(p.F) && !double.IsNaN(p.F)) continue;
            }
            KahanSum.Inc(p.F / count - mean / count, ref mean, ref c);
        }
        value = double.IsInfinity(mean) ? mean : mean + c;
        return true;
    }

    public static bool Sum(in RangeWindow w, out double value, out NativeHistogram? histogram)
    {
        value = 0;
        histogram = null;
        if (w.Floats.Length > 0 && w.Histograms.Length > 0) return false;
        if (w.Histograms.Length > 0)
        {
            histogram = SumHistograms(w);
            return true;
        }
        if (w.Floats.Length == 0) return false;
        double sum = 0, c = 0;
        foreach (var p in w.Floats) KahanSum.Inc(p.F, ref sum, ref c);
        value = double.IsInfinity(sum) ? sum : sum + c;
        return true;
    }

    private static NativeHistogram SumHistograms(in RangeWindow w)
    {
        var sum = w.Histograms[0].H.Clone();
        for (var i = 1; i < w.Histograms.Length; i++) sum = HistogramMath.Add(sum, w.Histograms[i].H);
        return sum;
    }

    public static bool Min(in RangeWindow w, out double value, out NativeHistogram? histogram)
    {
        histogram = null;
        value = 0;
        if (w.Floats.Length == 0) return false;
        value = w.Floats[0].F;
        foreach (var p in w.Floats)
        {
            if (p.F < value || double.IsNaN(value)) value = p.F;
        }
        return true;
    }

    public static bool Max(in RangeWindow w, out double value, out NativeHistogram? histogram)
    {
        histogram = null;
        value = 0;
        if (w.Floats.Length == 0) return false;
        value = w.Floats[0].F;
        foreach (var p in w.Floats)
        {
            if (p.F > value || double.IsNaN(value)) value = p.F;
        }
        return true;
    }

    public static bool Count(in RangeWindow w, out double value, out NativeHistogram? histogram)
    {
        histogram = null;
        value = w.Floats.Length + w.Histograms.Length;
        return value > 0;
    }

    public static bool Present(in RangeWindow w, out double value, out NativeHistogram? histogram)
    {
        histogram = null;
        value = 1;
        return w.Floats.Length + w.Histograms.Length > 0;
    }

    /// <summary>The latest sample, float or histogram (the engine keeps the metric name for this one).</summary>
    public static bool Last(in RangeWindow w, out double value, out NativeHistogram? histogram)
    {
        value = 0;
        histogram = null;
        var f = w.Floats;
        var h = w.Histograms;
        if (f.Length == 0 && h.Length == 0) return false;
        if (h.Length == 0 || (f.Length > 0 && h[^1].T < f[^1].T)) value = f[^1].F;
        else histogram = h[^1].H.Clone();
        return true;
    }

    /// <summary><c>quantile_over_time(φ, m)</c> with φ in <see cref="RangeWindow.Scalars"/>[0].</summary>
    public static bool Quantile(in RangeWindow w, out double value, out NativeHistogram? histogram)
    {
        histogram = null;
        value = 0;
        if (w.Floats.Length == 0) return false;
        var q = w.Scalars.Length > 0 ? w.Scalars[0] : double.NaN;
        value = Quantiles.OfUnsorted(q, CopyValues(w.Floats, Quantiles.Scratch(w.Floats.Length)));
        return true;
    }

    /// <summary>Median absolute deviation: the median of the distances from the median.</summary>
    public static bool Mad(in RangeWindow w, out double value, out NativeHistogram? histogram)
    {
        histogram = null;
        value = 0;
        if (w.Floats.Length == 0) return false;
        var values = CopyValues(w.Floats, Quantiles.Scratch(w.Floats.Length));
        var median = Quantiles.OfUnsorted(0.5, values);
        for (var i = 0; i < w.Floats.Length; i++) values[i] = Math.Abs(w.Floats[i].F - median);
        value = Quantiles.OfUnsorted(0.5, values);
        return true;
    }

    public static bool StdVar(in RangeWindow w, out double value, out NativeHistogram? histogram)
    {
        histogram = null;
        value = 0;
        if (w.Floats.Length == 0) return false;
        value = Variance(w);
        return true;
    }

    public static bool StdDev(in RangeWindow w, out double value, out NativeHistogram? histogram)
    {
        histogram = null;
        value = 0;
        if (w.Floats.Length == 0) return false;
        value = Math.Sqrt(Variance(w));
        return true;
    }

    /// <summary>Welford's running variance with compensated sums (population variance).</summary>
    private static double Variance(in RangeWindow w)
    {
        double count = 0, mean = 0, cMean = 0, aux = 0, cAux = 0;
        foreach (var p in w.Floats)
        {
            count++;
            var delta = p.F - (mean + cMean);
            KahanSum.Inc(delta / count, ref mean, ref cMean);
            KahanSum.Inc(delta * (p.F - (mean + cMean)), ref aux, ref cAux);
        }
        return (aux + cAux) / count;
    }

    private static Span<double> CopyValues(ReadOnlySpan<Engine.FPoint> points, Span<double> into)
    {
        for (var i = 0; i < points.Length; i++) into[i] = points[i].F;
        return into;
    }
}
