using Orrery.Signals;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>
/// Maps span start times to the intervals of a metrics query, as Tempo does. A range query's
/// intervals are right-closed, <c>(start + i·step, start + (i+1)·step]</c>, and each is reported
/// at its end, <c>start + (i+1)·step</c> — the Prometheus convention that a point at T covers
/// the step before T. An instant query has one interval, <c>[start, end]</c>, reported at end.
/// </summary>
public readonly record struct IntervalMapper
{
    private IntervalMapper(long start, long end, long step, bool instant)
    {
        Start = start;
        End = end;
        Step = step;
        Instant = instant;
        Count = instant ? 1 : (int)((end - start) / step);
    }

    public long Start { get; }

    public long End { get; }

    /// <summary>Interval length in nanoseconds; for an instant query, <c>end - start</c>.</summary>
    public long Step { get; }

    public bool Instant { get; }

    public int Count { get; }

    /// <summary>Spans with these start times can fall into an interval (what to fetch).</summary>
    public TimeRange FetchRange => Instant ? new TimeRange(Start, End) : new TimeRange(Start + 1, End);

    /// <summary>
    /// A range query's intervals with Tempo's alignment: start rounded down and end up to a multiple
    /// of step, then one more interval before start, so refreshes of "the last hour" land on the same
    /// intervals and the first point is complete.
    /// </summary>
    public static IntervalMapper ForRange(long startNanos, long endNanos, long stepNanos)
    {
        if (stepNanos <= 0) throw new ArgumentOutOfRangeException(nameof(stepNanos), "step must be positive");
        if (endNanos <= startNanos) throw new ArgumentException("end must be greater than start", nameof(endNanos));
        var start = startNanos - Mod(startNanos, stepNanos);
        var end = Mod(endNanos, stepNanos) == 0 ? endNanos : endNanos + (stepNanos - Mod(endNanos, stepNanos));
        if (start > stepNanos) start -= stepNanos;
        return new IntervalMapper(start, end, stepNanos, instant: false);
    }

    public static IntervalMapper ForInstant(long startNanos, long endNanos)
    {
        if (endNanos <= startNanos) throw new ArgumentException("end must be greater than start", nameof(endNanos));
        return new IntervalMapper(startNanos, endNanos, endNanos - startNanos, instant: true);
    }

    /// <summary>The interval holding <paramref name="timestamp"/>, or -1 when it is outside the query.</summary>
    public int Interval(long timestamp)
    {
        if (Instant) return timestamp >= Start && timestamp <= End ? 0 : -1;
        if (timestamp <= Start || timestamp > End) return -1;
        // ceil((t - start) / step) - 1: a timestamp on a step boundary closes the interval before it.
        return (int)((timestamp - Start - 1) / Step);
    }

    /// <summary>Where interval <paramref name="interval"/> is reported: its end.</summary>
    public long TimestampOf(int interval) => Instant ? End : Start + ((interval + 1) * Step);

    private static long Mod(long value, long step) => ((value % step) + step) % step;
}
