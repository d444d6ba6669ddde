namespace Orrery.Storage.Metrics.Embedded;

/// <summary>One encoded chunk (any <see cref="Encoding.ChunkEncoding"/>) and the time range it covers, inclusive.</summary>
internal readonly record struct ChunkRef(long MinTimeMs, long MaxTimeMs, ReadOnlyMemory<byte> Bytes)
{
    public bool Overlaps(long minTimeMs, long maxTimeMs) => MinTimeMs <= maxTimeMs && MaxTimeMs >= minTimeMs;
}

/// <summary>
/// An out-of-order sample waiting in its series' buffer: a float, or a histogram when
/// <see cref="Histogram"/> is set. Out-of-order data is rare, so an object per histogram is fine here.
/// </summary>
internal readonly record struct OooSample(long TimestampMs, double Value, Signals.Metrics.NativeHistogram? Histogram);
