namespace Orrery.Query.PromQL.Engine;

/// <summary>
/// An instant-vector expression evaluated at every step of a grid (Prometheus evaluates each
/// node over the whole range before its parent, and so do we: each selector is read once).
/// Only series with at least one value are kept. The samples count against the query's budget
/// until <see cref="Release"/>.
/// </summary>
internal sealed class StepMatrix(List<StepSeries> series, int steps)
{
    public List<StepSeries> Series { get; } = series;

    public int Steps { get; } = steps;

    public long Points
    {
        get
        {
            long n = 0;
            foreach (var s in Series) n += s.Points;
            return n;
        }
    }

    public void Release(QueryBudget budget)
    {
        budget.Release(Points);
        foreach (var s in Series) s.Return();
        Series.Clear();
    }
}

/// <summary>Collects a node's output series by label set; a second value for the same labels at one step is Prometheus's duplicate-labelset error.</summary>
internal sealed class StepMatrixBuilder(int steps, QueryBudget budget)
{
    private readonly Dictionary<Signals.Labels.LabelSet, StepSeries> _byLabels = [];
    private readonly List<StepSeries> _series = [];

    public int Steps => steps;

    /// <summary>The output series with <paramref name="labels"/>, created on first use (creation order is the instant-query output order).</summary>
    public StepSeries Series(Signals.Labels.LabelSet labels)
    {
        if (!_byLabels.TryGetValue(labels, out var s))
        {
            s = StepSeries.Rent(labels, steps);
            _byLabels.Add(labels, s);
            _series.Add(s);
        }
        return s;
    }

    public void Add(StepSeries series, int step, double value)
    {
        if (series.Has(step)) throw PromErrors.Execution(PromErrors.SameLabelset);
        series.F[step] = value;
        series.Points++;
        budget.Hold(1);
    }

    public void AddHistogram(StepSeries series, int step, Signals.Metrics.NativeHistogram histogram)
    {
        if (series.Has(step)) throw PromErrors.Execution(PromErrors.SameLabelset);
        series.SetHistogram(step, histogram, steps);
        series.Points++;
        budget.Hold(1);
    }

    public void Add(StepSeries series, int step, double value, Signals.Metrics.NativeHistogram? histogram)
    {
        if (histogram is null) Add(series, step, value);
        else AddHistogram(series, step, histogram);
    }

    /// <summary>The series with values, in creation order; empty ones are returned to the pool.</summary>
    public StepMatrix Build()
    {
        var kept = new List<StepSeries>(_series.Count);
        foreach (var s in _series)
        {
            if (s.Points > 0) kept.Add(s);
            else s.Return();
        }
        _series.Clear();
        _byLabels.Clear();
        return new StepMatrix(kept, steps);
    }
}
