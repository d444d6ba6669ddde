using Orrery.Query.PromQL.Engine;
using Orrery.Signals.Metrics;

namespace Orrery.Query.PromQL.Functions;

/// <summary>
/// rate, increase, delta, irate and idelta with Prometheus 2.42's semantics: extrapolation of
/// the first and last sample towards the window's edges (<c>extrapolatedRate</c>) and the
/// last-two-samples variants (<c>instantValue</c>).
/// </summary>
internal static class RateFunctions
{
    public static bool Rate(in RangeWindow w, out double value, out NativeHistogram? histogram) =>
        ExtrapolatedRate(w, isCounter: true, isRate: true, out value, out histogram);

    public static bool Increase(in RangeWindow w, out double value, out NativeHistogram? histogram) =>
        ExtrapolatedRate(w, isCounter: true, isRate: false, out value, out histogram);

    public static bool Delta(in RangeWindow w, out double value, out NativeHistogram? histogram) =>
        ExtrapolatedRate(w, isCounter: false, isRate: false, out value, out histogram);

    public static bool IRate(in RangeWindow w, out double value, out NativeHistogram? histogram) =>
        InstantValue(w, isRate: true, out value, out histogram);

    public static bool IDelta(in RangeWindow w, out double value, out NativeHistogram? histogram) =>
        InstantValue(w, isRate: false, out value, out histogram);

    private static bool ExtrapolatedRate(in RangeWindow w, bool isCounter, bool isRate, out double value, out NativeHistogram? histogram)
    {
        value = 0;
        histogram = null;
        var floats = w.Floats;
        var hists = w.Histograms;
        // A window mixing floats and histograms has no rate.
        if (floats.Length > 0 && hists.Length > 0) return false;

        long firstT, lastT;
        int count;
        double firstValue = 0;
        if (hists.Length > 1)
        {
            histogram = HistogramRate(hists, isCounter);
            if (histogram is null) return false;
            count = hists.Length;
            firstT = hists[0].T;
            lastT = hists[^1].T;
        }
        else if (floats.Length > 1)
        {
            count = floats.Length;
            firstT = floats[0].T;
            lastT = floats[^1].T;
            firstValue = floats[0].F;
            value = floats[^1].F - floats[0].F;
            if (isCounter)
            {
                var prev = floats[0].F;
                for (var i = 1; i < floats.Length; i++)
                {
                    var current = floats[i].F;
                    if (current < prev) value += prev; // A counter reset: the counter restarted from zero.
                    prev = current;
                }
            }
        }
        else
        {
            return false;
        }

        var durationToStart = (firstT - w.RangeStartMs) / 1000.0;
        var durationToEnd = (w.RangeEndMs - lastT) / 1000.0;
        var sampledInterval = (lastT - firstT) / 1000.0;
        var averageInterval = sampledInterval / (count - 1);

        // Counters cannot go below zero: extrapolate backwards no further than the zero point.
        // (2.42 clamps before the threshold test below, and only for floats.)
        if (isCounter && histogram is null && value > 0 && firstValue >= 0)
        {
            var durationToZero = sampledInterval * (firstValue / value);
            if (durationToZero < durationToStart) durationToStart = durationToZero;
        }

        // Extrapolate to an edge only when a sample there is plausible (within 110% of the
        // average spacing); otherwise assume the series starts/ends half a spacing beyond.
        var threshold = averageInterval * 1.1;
        var extrapolateTo = sampledInterval;
        extrapolateTo += durationToStart < threshold ? durationToStart : averageInterval / 2;
        extrapolateTo += durationToEnd < threshold ? durationToEnd : averageInterval / 2;

        var factor = extrapolateTo / sampledInterval;
        if (isRate) factor /= (w.RangeEndMs - w.RangeStartMs) / 1000.0;
        if (histogram is null) value *= factor;
        else histogram = HistogramMath.Scale(histogram, factor);
        return true;
    }

    /// <summary>Last minus first histogram, adding back what each counter reset lost; a gauge histogram.</summary>
    private static NativeHistogram? HistogramRate(ReadOnlySpan<HPoint> points, bool isCounter)
    {
        var first = points[0].H;
        var last = points[^1].H;
        var minSchema = Math.Min(first.Schema, last.Schema);
        if (isCounter)
        {
            for (var i = 1; i < points.Length - 1; i++) minSchema = Math.Min(minSchema, points[i].H.Schema);
        }
        var result = HistogramMath.Sub(HistogramMath.ReduceTo(last, minSchema), first);
        if (isCounter)
        {
            var prev = first;
            for (var i = 1; i < points.Length; i++)
            {
                var current = points[i].H;
                if (HistogramMath.DetectReset(current, prev)) result = HistogramMath.Add(result, prev);
                prev = current;
            }
        }
        result.ResetHint = CounterResetHint.Gauge;
        return result;
    }

    private static bool InstantValue(in RangeWindow w, bool isRate, out double value, out NativeHistogram? histogram)
    {
        value = 0;
        histogram = null;
        if (!LastTwo(w, out var previous, out var last)) return false;
        var interval = last.T - previous.T;
        if (interval == 0) return false;
        if (last.H is null && previous.H is null)
        {
            value = isRate && last.F < previous.F ? last.F : last.F - previous.F;
            if (isRate) value /= interval / 1000.0;
            return true;
        }
        if (last.H is null || previous.H is null) return false;
        histogram = isRate && HistogramMath.DetectReset(last.H, previous.H) ? last.H.Clone() : HistogramMath.Sub(last.H, previous.H);
        histogram.ResetHint = CounterResetHint.Gauge;
        if (isRate) histogram = HistogramMath.Scale(histogram, 1000.0 / interval);
        return true;
    }

    /// <summary>The last two points of the window by time, floats and histograms together.</summary>
    private static bool LastTwo(in RangeWindow w, out Sample previous, out Sample last)
    {
        previous = last = default;
        var f = w.Floats;
        var h = w.Histograms;
        if (f.Length + h.Length < 2) return false;
        int fi = f.Length - 1, hi = h.Length - 1;
        last = TakeLatest(f, h, ref fi, ref hi);
        previous = TakeLatest(f, h, ref fi, ref hi);
        return true;
    }

    private static Sample TakeLatest(ReadOnlySpan<FPoint> f, ReadOnlySpan<HPoint> h, ref int fi, ref int hi)
    {
        if (hi < 0 || (fi >= 0 && f[fi].T > h[hi].T))
        {
            var s = new Sample(null!, f[fi].T, f[fi].F);
            fi--;
            return s;
        }
        var hs = new Sample(null!, h[hi].T, 0, h[hi].H);
        hi--;
        return hs;
    }
}
