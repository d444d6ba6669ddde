using Orrery.Query.PromQL.Syntax;

namespace Orrery.Query.PromQL.Engine;

internal sealed partial class Evaluator
{
    /// <summary>
    /// The inner grid of a subquery: steps at absolute multiples of its step from the first one
    /// at or after (first outer reference time − range) to the last outer reference time, as
    /// Prometheus aligns them; <c>@</c> and offset move the reference times.
    /// </summary>
    private EvalGrid? SubqueryGrid(SubqueryExpr sq, EvalGrid outer)
    {
        var interval = sq.StepMs > 0 ? sq.StepMs : options.DefaultSubqueryStepMs;
        var firstRef = ReferenceTime(sq.At, sq.OffsetMs, outer.StartMs);
        var lastRef = ReferenceTime(sq.At, sq.OffsetMs, outer.EndMs);
        var from = firstRef - sq.RangeMs;
        var start = interval * (from / interval);
        if (start < from) start += interval;
        if (start > lastRef) return null;
        return new EvalGrid(start, lastRef, interval);
    }

    /// <summary>Evaluates a subquery's inner expression once over its whole inner grid.</summary>
    private (StepMatrix Inner, EvalGrid Grid) EvalSubqueryInner(SubqueryExpr sq, EvalGrid outer)
    {
        if (SubqueryGrid(sq, outer) is not { } inner) return (new StepMatrix([], 0), outer);
        return (EvalVector(sq.Expr, inner), inner);
    }

    /// <summary>A subquery as the whole expression of an instant query: its inner points in the window.</summary>
    public MatrixValue InstantSubquery(SubqueryExpr sq, long timeMs)
    {
        var (inner, grid) = EvalSubqueryInner(sq, EvalGrid.Instant(timeMs));
        var result = new List<Series>(inner.Series.Count);
        foreach (var s in inner.Series)
        {
            var series = new Series(s.Metric);
            for (var i = 0; i < inner.Steps; i++)
            {
                var h = s.HistogramAt(i);
                if (h is not null) series.Histograms.Add(new HPoint(grid.TimeAt(i), h));
                else if (s.HasFloat(i)) series.Floats.Add(new FPoint(grid.TimeAt(i), s.F[i]));
            }
            result.Add(series);
        }
        inner.Release(budget);
        budget.Hold(CountPoints(result));
        result.Sort(static (a, b) => a.Metric.CompareTo(b.Metric));
        return new MatrixValue(result);
    }

    private static long CountPoints(List<Series> series)
    {
        long n = 0;
        foreach (var s in series) n += s.Floats.Count + s.Histograms.Count;
        return n;
    }
}
