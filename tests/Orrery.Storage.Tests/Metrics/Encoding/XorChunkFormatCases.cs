using Orrery.Signals.Metrics;

namespace Orrery.Storage.Tests.Metrics.Encoding;

/// <summary>
/// Fixed sample runs whose encoded bytes are pinned in <see cref="XorChunkFormatTests"/>: every
/// value mode, re-encodes, exceptions, extreme timestamps and the longest chunk. Deterministic
/// (seeded <see cref="Random"/>), so the pins hold across runs and machines.
/// </summary>
internal static class XorChunkFormatCases
{
    private const long Start = 1_700_000_000_000;

    public static IEnumerable<(string Name, long[] Timestamps, double[] Values)> All()
    {
        yield return Build("counter", 120, (i, r, v) => v + r.Next(0, 11), jitter: 5);
        yield return Build("counter-regular", 120, (i, r, v) => v + 3, jitter: 0);
        yield return Build("gauge-2-decimals", 120, (i, r, v) => Math.Round(v + (r.Next(-50, 51) / 100.0), 2), jitter: 5);
        yield return Build("float-xor", 120, (i, r, v) => v * (1 + ((r.NextDouble() - 0.5) / 100)), jitter: 5);
        yield return Build("decimals-growing", 40, (i, r, v) => i < 20 ? v + 1 : v + Math.Pow(0.5, i - 19), jitter: 3);
        yield return Build("stale-marker-in-counter", 120, (i, r, v) => i == 60 ? StaleMarker.Value : i == 61 ? 5000 : v + r.Next(0, 3), jitter: 5);
        yield return Build("exceptions-then-xor", 30, (i, r, v) => (i % 3) switch
        {
            0 => i,
            1 => i == 28 ? 0.1 + 0.2 : double.NaN,
            _ => i % 2 == 0 ? double.PositiveInfinity : -0.0,
        }, jitter: 0);
        yield return Build("edge-values", 19, (i, r, v) => EdgeValues[i], jitter: 0);
        yield return Build("counter-reset", 120, (i, r, v) => i == 70 ? 0 : v + r.Next(0, 100), jitter: 5);
        yield return Build("longest", ushort.MaxValue, (i, r, v) => i % 1000 == 999 ? double.NaN : i % 7 == 0 ? r.NextDouble() : Math.Round(v + r.Next(-9, 10), 1), jitter: 5);
        yield return Timestamps("huge-and-tiny-gaps", [-5, -4, 1, 2, long.MaxValue / 4, (long.MaxValue / 4) + 1, (long.MaxValue / 2) + 3, long.MaxValue - 1, long.MaxValue]);
        yield return Timestamps("first-timestamp-min", [long.MinValue, long.MinValue + 1, 0, 15_000, 30_001]);
    }

    private static readonly double[] EdgeValues =
    [
        0.0, -0.0, 1.0, -1.0, double.NaN, StaleMarker.Value, double.PositiveInfinity, double.NegativeInfinity,
        double.Epsilon, -double.Epsilon, 2.2250738585072009e-308, double.MaxValue, double.MinValue,
        0.1 + 0.2, 12.34, 1e15, 9007199254740993.0, -123456789.25, BitConverter.UInt64BitsToDouble(0x7ff8_dead_beef_0001),
    ];

    private static (string, long[], double[]) Build(string name, int count, Func<int, Random, double, double> next, int jitter)
    {
        var random = new Random(name.Length * 7919);
        var timestamps = new long[count];
        var values = new double[count];
        var v = 1000.0;
        for (var i = 0; i < count; i++)
        {
            timestamps[i] = Start + (i * 15_000L) + (jitter == 0 ? 0 : random.Next(-jitter, jitter + 1));
            values[i] = v = i == 0 ? v : next(i, random, v);
        }
        return (name, timestamps, values);
    }

    private static (string, long[], double[]) Timestamps(string name, long[] timestamps) =>
        (name, timestamps, [.. timestamps.Select((_, i) => (double)(i * 3))]);
}
