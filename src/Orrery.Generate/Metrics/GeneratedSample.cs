using System.Globalization;

namespace Orrery.Generate.Metrics;

/// <summary>Which of a family's series a sample belongs to: the index into its names.</summary>
internal enum SeriesKind
{
    Gauge = 0,
    Counter = 1,
    Bucket = 2,
    Sum = 3,
    Count = 4,
}

/// <summary>
/// One sample of a <see cref="SeriesSet"/>, with its series described by parts (family, kind,
/// target, bucket, unit id and generation) rather than by labels, so writers render the labels
/// from pieces they prepared once instead of building a label set per sample.
/// </summary>
/// <param name="Bucket">Index of the <c>le</c> bound for a bucket series, else -1.</param>
/// <param name="UnitId">The unit's id over the whole run (the <c>series_id</c> before the dash).</param>
internal readonly record struct GeneratedSample(
    SeriesKind Kind, int Family, int Target, int Bucket, int UnitId, int Generation, long TimestampMs, double Value)
{
    /// <summary>Longest <c>series_id</c> value: two ints and a dash.</summary>
    public const int MaxSeriesIdBytes = 24;

    /// <summary>Writes the <c>series_id</c> value, "&lt;unit id&gt;-&lt;generation&gt;", as UTF-8; returns its length.</summary>
    public int FormatSeriesId(Span<byte> destination)
    {
        UnitId.TryFormat(destination, out var n, provider: CultureInfo.InvariantCulture);
        destination[n++] = (byte)'-';
        Generation.TryFormat(destination[n..], out var m, provider: CultureInfo.InvariantCulture);
        return n + m;
    }
}
