using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;

namespace Orrery.Query.PromQL.Engine;

/// <summary>
/// A subquery's result series seen as stored samples (one per inner step that has a value), so
/// range functions window it exactly as they window a range selector.
/// </summary>
internal sealed class StepSeriesIterator(StepSeries series, EvalGrid grid) : ISampleIterator
{
    private readonly int _steps = grid.Steps;
    private int _step = -1;

    public long TimestampMs => grid.TimeAt(_step);

    public double Value => series.F[_step];

    public SampleKind Next()
    {
        while (++_step < _steps)
        {
            if (series.Has(_step)) return Kind();
        }
        _step = _steps;
        return SampleKind.None;
    }

    public SampleKind Seek(long timestampMs)
    {
        if (_step >= _steps) return SampleKind.None;
        if (_step >= 0 && TimestampMs >= timestampMs) return Kind();
        if (timestampMs > grid.StartMs)
        {
            // Jump to just before the first step at or after timestampMs, then scan for a value.
            var first = (int)Math.Min(_steps, (timestampMs - grid.StartMs + grid.IntervalMs - 1) / grid.IntervalMs);
            _step = Math.Max(_step, first - 1);
        }
        return Next();
    }

    public NativeHistogram Histogram(NativeHistogram? into = null) => series.H![_step]!;

    private SampleKind Kind() => series.H?[_step] is not null ? SampleKind.Histogram : SampleKind.Float;
}
