namespace Orrery.Signals;

/// <summary>A closed interval of Unix nanoseconds. <see cref="All"/> matches everything.</summary>
public readonly record struct TimeRange(long StartUnixNano, long EndUnixNano)
{
    public static readonly TimeRange All = new(long.MinValue, long.MaxValue);

    public bool Contains(long t) => t >= StartUnixNano && t <= EndUnixNano;

    /// <summary>True when [start, end] overlaps this range.</summary>
    public bool Overlaps(long start, long end) => start <= EndUnixNano && end >= StartUnixNano;
}
