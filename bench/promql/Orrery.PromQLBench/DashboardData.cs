namespace Orrery.PromQLBench;

/// <summary>
/// The benchmark's series, the same for every target and run: half counters
/// <c>bench_requests_total{service, instance, code}</c>, half the buckets of classic histograms
/// <c>bench_latency_seconds_bucket{service, instance, le}</c> (10 buckets each, consecutive, so a
/// batch never splits a histogram). Every value is a pure function of (series, round): the data
/// does not depend on the order it is generated in.
/// </summary>
internal sealed class DashboardData
{
    public const int Buckets = 10;
    public const int Services = 20;

    private static readonly string[] Codes = ["200", "201", "404", "500", "503"];
    private static readonly string[] Les = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"];

    private readonly double[] _values;
    private readonly ulong _seed;

    public DashboardData(int series, int seed)
    {
        Counters = series / 2;
        Histograms = (series - Counters) / Buckets;
        Count = Counters + (Histograms * Buckets);
        _values = new double[Count];
        _seed = (ulong)seed;
    }

    public int Count { get; }

    public int Counters { get; }

    public int Histograms { get; }

    /// <summary>Labels of series <paramref name="i"/>, <c>__name__</c> first, the rest sorted by name.</summary>
    public (string Name, string Value)[] Labels(int i)
    {
        if (i < Counters)
        {
            return
            [
                ("__name__", "bench_requests_total"), ("code", Codes[i / Services % Codes.Length]),
                ("instance", $"host-{i / 100}"), ("service", $"svc-{i % Services}"),
            ];
        }
        var h = (i - Counters) / Buckets;
        return
        [
            ("__name__", "bench_latency_seconds_bucket"), ("instance", $"host-{h / Services}"),
            ("le", Les[(i - Counters) % Buckets]), ("service", $"svc-{h % Services}"),
        ];
    }

    /// <summary>
    /// Moves series [<paramref name="from"/>, <paramref name="to"/>) on to <paramref name="round"/>
    /// and returns their values; the range must start and end on histogram boundaries.
    /// </summary>
    public ReadOnlySpan<double> Advance(int from, int to, int round)
    {
        Span<int> added = stackalloc int[Buckets];
        for (var i = from; i < to;)
        {
            if (i < Counters)
            {
                _values[i] += Hash((ulong)i, (ulong)round) % 10;
                i++;
                continue;
            }
            // One histogram: n observations into buckets, then cumulative counts.
            added.Clear();
            var observations = (int)(Hash((ulong)i, (ulong)round) % 20);
            for (var o = 0; o < observations; o++)
            {
                var r = Hash((ulong)i ^ ((ulong)o << 32), (ulong)round + 1_000_003) % 100;
                // Most requests are fast; a tail reaches the top buckets.
                var bucket = r < 50 ? (int)(r % 4) : r < 90 ? 4 + (int)(r % 3) : 7 + (int)(r % 3);
                added[bucket]++;
            }
            var cumulative = 0;
            for (var b = 0; b < Buckets; b++)
            {
                cumulative += added[b];
                _values[i + b] += b == Buckets - 1 ? observations : cumulative;
            }
            i += Buckets;
        }
        return _values.AsSpan(from, to - from);
    }

    /// <summary>splitmix64 of the seed, series and round: a fixed pseudo-random number per sample.</summary>
    private ulong Hash(ulong series, ulong round)
    {
        var z = _seed + (series * 0x9E3779B97F4A7C15) + (round * 0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
