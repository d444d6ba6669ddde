using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;

namespace Orrery.Query.PromQL.Engine;

internal sealed partial class Evaluator
{
    /// <summary>
    /// An instant selector at every step: the latest sample in [ref − lookback, ref] (Prometheus
    /// 2.42 includes both ends), none when that sample is a stale marker. Each series is walked
    /// forward once over the whole grid.
    /// </summary>
    private StepMatrix EvalVectorSelector(VectorSelector vs, EvalGrid grid, bool keepSampleTimes)
    {
        var steps = grid.Steps;
        var lookback = options.LookbackDeltaMs;
        var pinned = vs.At.IsSet;
        var firstRef = ReferenceTime(vs.At, vs.OffsetMs, grid.StartMs);
        var lastRef = ReferenceTime(vs.At, vs.OffsetMs, grid.EndMs);
        var selected = Select(vs, firstRef - lookback, lastRef);

        var output = new List<StepSeries>(selected.Count);
        var cursor = new InstantCursor();
        foreach (var stored in selected)
        {
            budget.Tick();
            var series = StepSeries.Rent(stored.Labels, steps);
            if (keepSampleTimes) series.SampleTimes = new long[steps];
            cursor.Reset(stored.Iterator());
            var points = 0;
            for (var i = 0; i < steps; i++)
            {
                var refTime = pinned ? firstRef : grid.TimeAt(i) - vs.OffsetMs;
                if (pinned && i > 0)
                {
                    // @ makes the selector step-invariant: the first step's value holds for every step.
                    if (!series.Has(0)) break;
                    series.F[i] = series.F[0];
                    if (series.H is not null) series.SetHistogram(i, series.H[0]!, steps);
                    if (series.SampleTimes is not null) series.SampleTimes[i] = series.SampleTimes[0];
                    points++;
                    continue;
                }
                if (!cursor.At(refTime, lookback)) continue;
                if (cursor.Histogram is { } h) series.SetHistogram(i, h.Clone(), steps);
                else series.F[i] = cursor.Value;
                if (series.SampleTimes is not null) series.SampleTimes[i] = cursor.TimestampMs;
                points++;
            }
            series.Points = points;
            if (points == 0)
            {
                series.Return();
                continue;
            }
            budget.Hold(points);
            budget.Read(points);
            output.Add(series);
        }
        return new StepMatrix(output, steps);
    }

    /// <summary>
    /// The points of every series of a range selector, each window [ref − range, ref] per step
    /// (closed at both ends as in Prometheus 2.42), stale markers dropped. Windows slide forward
    /// over one buffer per query, so a series' samples are decoded once.
    /// </summary>
    private IEnumerable<(StoredSeries Series, RangeCursor Cursor)> SelectRange(MatrixSelector ms, EvalGrid grid, RangeCursor cursor)
    {
        var vs = ms.Selector;
        var firstRef = ReferenceTime(vs.At, vs.OffsetMs, grid.StartMs);
        var lastRef = ReferenceTime(vs.At, vs.OffsetMs, grid.EndMs);
        var selected = Select(vs, firstRef - ms.RangeMs, lastRef);
        foreach (var stored in selected)
        {
            budget.Tick();
            cursor.Reset(stored.Iterator());
            yield return (stored, cursor);
        }
    }

    /// <summary>A range selector as the whole expression of an instant query: its raw samples.</summary>
    public MatrixValue InstantMatrix(MatrixSelector ms, long timeMs)
    {
        var grid = EvalGrid.Instant(timeMs);
        var refTime = ReferenceTime(ms.Selector.At, ms.Selector.OffsetMs, timeMs);
        var result = new List<Series>();
        using var cursor = new RangeCursor();
        foreach (var (stored, c) in SelectRange(ms, grid, cursor))
        {
            c.Advance(refTime - ms.RangeMs, refTime);
            if (c.Count == 0) continue;
            budget.Hold(c.Count);
            budget.Read(c.Count);
            var series = new Series(stored.Labels);
            series.Floats.AddRange(c.Floats);
            series.Histograms.AddRange(c.Histograms);
            result.Add(series);
        }
        result.Sort(static (a, b) => a.Metric.CompareTo(b.Metric));
        return new MatrixValue(result);
    }

    /// <summary>Walks one series' iterator forward to answer "latest sample at or before t, within the lookback".</summary>
    private sealed class InstantCursor
    {
        private ISampleIterator? _it;
        private SampleKind _kind;
        private bool _started;
        private bool _hasPrev;
        private long _prevT;
        private double _prevV;
        private NativeHistogram? _prevH;
        private NativeHistogram? _spare;

        public long TimestampMs => _prevT;

        public double Value => _prevV;

        public NativeHistogram? Histogram => _prevH;

        public void Reset(ISampleIterator it)
        {
            _it = it;
            _started = false;
            _hasPrev = false;
            _prevH = null;
        }

        /// <summary>Positions on the latest sample ≤ <paramref name="refTime"/>; false when there is none within the lookback or it is stale.</summary>
        public bool At(long refTime, long lookback)
        {
            var it = _it!;
            var minT = refTime - lookback;
            if (!_started)
            {
                _started = true;
                _kind = it.Seek(minT);
            }
            else if (_kind != SampleKind.None && it.TimestampMs < minT)
            {
                _hasPrev = false;
                _kind = it.Seek(minT);
            }
            while (_kind != SampleKind.None && it.TimestampMs <= refTime)
            {
                _hasPrev = true;
                _prevT = it.TimestampMs;
                if (_kind == SampleKind.Histogram)
                {
                    // Keep the previous instance as the spare to refill: the caller clones what it keeps.
                    var into = _spare ?? new NativeHistogram();
                    _spare = _prevH;
                    _prevH = it.Histogram(into);
                    _prevV = 0;
                }
                else
                {
                    if (_prevH is not null) _spare = _prevH;
                    _prevH = null;
                    _prevV = it.Value;
                }
                _kind = it.Next();
            }
            if (!_hasPrev || _prevT < minT) return false;
            return _prevH is null ? !StaleMarker.Is(_prevV) : !StaleMarker.Is(_prevH.Sum);
        }
    }
}
