namespace Orrery.Signals.Metrics;

/// <summary>
/// Prometheus's stale marker: a NaN with a bit pattern of its own, written when a series
/// disappears from a scrape (or its target goes down). Queries treat a series as absent from
/// the marker on; an ordinary NaN is a value like any other.
/// </summary>
public static class StaleMarker
{
    public const ulong Bits = 0x7ff0000000000002;

    public static double Value { get; } = BitConverter.UInt64BitsToDouble(Bits);

    public static bool Is(double value) => BitConverter.DoubleToUInt64Bits(value) == Bits;
}
