namespace Orrery.Generate.Metrics;

/// <summary>
/// Timestamps from a simulated clock instead of the real one: round <c>r</c> is scraped at
/// <c>StartMs + r × IntervalMs</c>, each target at its own fixed offset within the interval and
/// moved by up to ±<see cref="JitterMs"/> per scrape (one timestamp per target and round, as
/// Prometheus stamps a scrape). Rounds go as fast as the peer accepts them, so hours of data (and
/// the peer's block cuts and compactions) take minutes. Simulated time does not stop at the
/// real clock: pick the start and the count so the run ends before now.
/// </summary>
public sealed record SimulatedTime(long StartMs, long IntervalMs = 15_000, int JitterMs = 5)
{
    public void Validate()
    {
        if (IntervalMs < 1) throw new ArgumentException($"interval must be positive, not {IntervalMs} ms");
        if (JitterMs < 0) throw new ArgumentException($"jitter must be >= 0, not {JitterMs} ms");
        // Keeps every series' timestamps rising from round to round whatever the jitter draws.
        if (2L * JitterMs >= IntervalMs) throw new ArgumentException($"jitter ({JitterMs} ms) must be less than half the interval ({IntervalMs} ms)");
    }

    /// <summary>When target <paramref name="target"/> is scraped in round <paramref name="round"/>.</summary>
    public long TimestampOf(long round, int target)
    {
        var spread = IntervalMs - (2L * JitterMs); // offsets leave room for the jitter on both sides
        var offset = JitterMs + (long)(Mix((ulong)target) % (ulong)spread);
        var jitter = JitterMs == 0 ? 0 : (long)(Mix(((ulong)target << 32) ^ (ulong)round) % (ulong)((2 * JitterMs) + 1)) - JitterMs;
        return StartMs + (round * IntervalMs) + offset + jitter;
    }

    // SplitMix64's finaliser: a fixed, well-spread hash, so runs with the same arguments repeat exactly.
    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }
}
