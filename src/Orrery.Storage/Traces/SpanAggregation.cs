using Orrery.Signals;

namespace Orrery.Storage.Traces;

/// <summary>
/// A metrics question storage may answer over its columns without building a row per span:
/// count the spans that satisfy every one of <see cref="Fetch"/>'s conditions, per group
/// (<see cref="GroupBy"/>) and interval (<see cref="Interval"/> of the span's start), and
/// optionally per power-of-two duration bucket.
/// </summary>
/// <param name="Fetch">
/// The time range and conditions. Unlike <see cref="ITraceReader.FetchTraces"/>, the conditions
/// are the whole filter (AND): storage aggregates only what it can decide exactly and yields the
/// rest as parts.
/// </param>
/// <param name="GroupBy">
/// Null for one group; else an intrinsic (name, status, kind) or a span or resource attribute.
/// A span without the attribute, or whose value is bytes, an array or a key-value list, is in the
/// group of <see cref="StaticKind.None"/> (nil).
/// </param>
/// <param name="Interval">The interval of a span start time, or -1 when the span is not counted.</param>
/// <param name="IntervalCount">Intervals are 0 to this minus 1.</param>
/// <param name="DurationBuckets">
/// Also count spans per duration bucket: bucket <c>b</c> (1 to 63) holds durations in
/// (2^(b-1), 2^b] nanoseconds; durations below 2 ns are in no bucket.
/// </param>
public sealed record SpanAggregateRequest(
    FetchSpansRequest Fetch,
    AttributeRef? GroupBy,
    Func<long, int> Interval,
    int IntervalCount,
    bool DurationBuckets);

/// <summary>What <see cref="ITraceReader.AggregateSpans"/> counted over columns; thread-safe to read after the enumeration ended.</summary>
public sealed class SpanAggregation(int intervalCount, bool durationBuckets)
{
    /// <summary>Buckets per interval when <see cref="SpanAggregateRequest.DurationBuckets"/> is set.</summary>
    public const int BucketsPerInterval = 64;

    private readonly Dictionary<StaticValue, SpanAggregateGroup> _groups = [];

    public int IntervalCount { get; } = intervalCount;

    public bool HasDurationBuckets { get; } = durationBuckets;

    /// <summary>Spans looked at on columns (every span of every page read), counted or not.</summary>
    public long SpansInspected { get; private set; }

    public IReadOnlyCollection<SpanAggregateGroup> Groups => _groups.Values;

    /// <summary>The group of <paramref name="value"/>, created on first use.</summary>
    public SpanAggregateGroup Group(StaticValue value)
    {
        if (!_groups.TryGetValue(value, out var group))
        {
            group = new SpanAggregateGroup(value, IntervalCount, HasDurationBuckets);
            _groups.Add(value, group);
        }
        return group;
    }

    public void AddInspected(long spans) => SpansInspected += spans;

    /// <summary>
    /// The caller's bound on <see cref="SpansInspected"/>: storage stops counting (between pages)
    /// once it is passed, and the caller reports the limit.
    /// </summary>
    public long MaxSpansInspected { get; set; } = long.MaxValue;

    /// <summary>True once more than <see cref="MaxSpansInspected"/> spans were looked at.</summary>
    public bool IsOverLimit => SpansInspected > MaxSpansInspected;
}

/// <summary>One group's counts: per interval, and per (interval, duration bucket) at <c>interval * 64 + bucket</c>.</summary>
public sealed class SpanAggregateGroup(StaticValue value, int intervals, bool durationBuckets)
{
    /// <summary>The group's value; <see cref="StaticKind.None"/> for spans without one.</summary>
    public StaticValue Value { get; } = value;

    public long[] Counts { get; } = new long[intervals];

    public long[]? DurationBuckets { get; } = durationBuckets ? new long[intervals * SpanAggregation.BucketsPerInterval] : null;
}
