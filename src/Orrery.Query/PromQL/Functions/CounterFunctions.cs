using Orrery.Signals.Metrics;

namespace Orrery.Query.PromQL.Functions;

/// <summary>
/// resets and changes: walk floats and histograms together in time order; a switch between a
/// float and a histogram counts as both a change and a reset (as Prometheus does).
/// </summary>
internal static class CounterFunctions
{
    public static bool Resets(in RangeWindow w, out double value, out NativeHistogram? histogram) =>
        Walk(w, countResets: true, out value, out histogram);

    public static bool Changes(in RangeWindow w, out double value, out NativeHistogram? histogram) =>
        Walk(w, countResets: false, out value, out histogram);

    private static bool Walk(in RangeWindow w, bool countResets, out double value, out NativeHistogram? histogram)
    {
        histogram = null;
        value = 0;
        var f = w.Floats;
        var h = w.Histograms;
        if (f.Length + h.Length == 0) return false;
        var count = 0;
        if (h.Length == 0)
        {
            // The common case: floats only.
            var prev = f[0].F;
            for (var i = 1; i < f.Length; i++)
            {
                var current = f[i].F;
                if (countResets ? current < prev : current != prev && !(double.IsNaN(current) && double.IsNaN(prev))) count++;
                prev = current;
            }
            value = count;
            return true;
        }

        int fi = 0, hi = 0;
        double prevF = 0;
        NativeHistogram? prevH = null;
        var first = true;
        while (fi < f.Length || hi < h.Length)
        {
            double curF = 0;
            NativeHistogram? curH = null;
            if (hi >= h.Length || (fi < f.Length && f[fi].T < h[hi].T)) curF = f[fi++].F;
            else curH = h[hi++].H;
            if (!first)
            {
                bool counted;
                if (prevH is null && curH is null)
                    counted = countResets ? curF < prevF : curF != prevF && !(double.IsNaN(curF) && double.IsNaN(prevF));
                else if (prevH is null || curH is null) counted = true;
                else counted = countResets ? HistogramMath.DetectReset(curH, prevH) : !HistogramMath.Equal(curH, prevH);
                if (counted) count++;
            }
            first = false;
            prevF = curF;
            prevH = curH;
        }
        value = count;
        return true;
    }
}
