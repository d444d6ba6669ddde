using Orrery.Signals.Labels;

namespace Orrery.EndToEnd.Tests.PromQL;

/// <summary>One generated series: its labels (with <c>__name__</c>) and its samples in time order.</summary>
internal sealed record DataSeries(LabelSet Labels, IReadOnlyList<(long TimestampMs, double Value)> Samples);

/// <summary>
/// The differential test's data: two hours at a 15 s interval from a fixed instant, the same on
/// every run. It has what PromQL's edge cases need: counters with resets, gauges with negative
/// and fractional values, classic histograms (<c>le</c> buckets, <c>_sum</c>, <c>_count</c>) with
/// a reset, several label dimensions, series that start late and stop early (with and without a
/// stale marker), gaps longer than the 5 m lookback, NaN and +Inf samples, series scraped on the
/// interval and series offset from it by a few hundred milliseconds.
/// </summary>
internal static class PromQLDataSet
{
    /// <summary>2026-01-01T00:00:00Z: fixed so that the query list can name absolute times (<c>@ 1767229200</c>).</summary>
    public const long StartMs = 1_767_225_600_000;

    public const long IntervalMs = 15_000;

    public const long DurationMs = 2 * 3600 * 1000;

    public const long EndMs = StartMs + DurationMs;

    /// <summary>Prometheus's stale marker: a NaN with this exact bit pattern.</summary>
    public static readonly double StaleNaN = BitConverter.Int64BitsToDouble(0x7ff0000000000002);

    private static readonly string[] Jobs = ["api", "web"];
    private static readonly string[] Instances = ["a", "b", "c"];
    private static readonly double[] Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, double.PositiveInfinity];

    public static IReadOnlyList<DataSeries> Generate()
    {
        var series = new List<DataSeries>();
        var seed = 0;
        foreach (var job in Jobs)
        {
            foreach (var instance in Instances)
            {
                foreach (var method in (string[])["GET", "POST"])
                {
                    foreach (var status in (string[])["200", "500"])
                    {
                        var random = new Random(++seed);
                        var rate = status == "200" ? 20 : 3;
                        // Instance c restarts at 50 m, web/a/POST/500 also at 80 m: counter resets.
                        long[] resets = instance == "c" ? [50] : job == "web" && instance == "a" && method == "POST" && status == "500" ? [80] : [];
                        series.Add(Counter(
                            Labels("http_requests_total", ("job", job), ("instance", instance), ("method", method), ("status", status)),
                            random, rate, resets, Jitter(seed)));
                    }
                }
                var gaugeRandom = new Random(++seed);
                series.Add(Gauge(Labels("memory_usage_bytes", ("job", job), ("instance", instance)), Jitter(seed),
                    i => Math.Round(1e8 + (2e7 * Math.Sin(i / 40.0)) + gaugeRandom.Next(0, 1_000_000))));
                var downFrom = job == "web" && instance == "c" ? 160 : -1;
                series.Add(Gauge(Labels("up", ("job", job), ("instance", instance)), 0, i => i >= downFrom && i < downFrom + 40 ? 0 : 1));
            }
            series.Add(Gauge(Labels("build_info", ("job", job), ("version", job == "api" ? "1.2.3" : "2.0.0"), ("goversion", "go1.21")), 0, _ => 1));
            series.AddRange(Histogram(job, new Random(++seed), job == "web" ? 70 : -1));
        }
        foreach (var (location, offset) in (ReadOnlySpan<(string, double)>)[("north", -12.5), ("south", 21.25), ("east", 3)])
        {
            var random = new Random(++seed);
            series.Add(Gauge(Labels("temperature_celsius", ("location", location), ("unit", "C")), Jitter(seed),
                i => Math.Round(offset + (8 * Math.Sin(i / 25.0)) + (random.NextDouble() * 2), 3)));
        }
        foreach (var mode in (string[])["user", "system", "idle"])
        {
            foreach (var instance in (string[])["a", "b"])
            {
                var random = new Random(++seed);
                series.Add(FloatCounter(Labels("cpu_seconds_total", ("mode", mode), ("instance", instance)), random, mode == "idle" ? 14 : 3));
            }
        }
        foreach (var (path, service) in (ReadOnlySpan<(string, string)>)[("/api/v1/users", "users-svc"), ("/api/v1/orders", "orders-svc"), ("/healthz", "")])
        {
            var random = new Random(++seed);
            series.Add(Counter(Labels("api_calls_total", ("path", path), ("service", service)), random, 5, [], 0));
        }
        // Series that start and stop: b1 ends with a stale marker, b2 just stops, b3 has a 10 m gap.
        series.Add(Window(Counter(Labels("batch_items_processed_total", ("batch", "b1")), new Random(++seed), 10, [], 0), 0, 40, staleAtEnd: true));
        series.Add(Window(Counter(Labels("batch_items_processed_total", ("batch", "b2")), new Random(++seed), 10, [], 250), 30, 90, staleAtEnd: false));
        var b3 = Window(Counter(Labels("batch_items_processed_total", ("batch", "b3")), new Random(++seed), 10, [], 0), 60, 120, staleAtEnd: false);
        series.Add(b3 with { Samples = b3.Samples.Where(s => Minute(s.TimestampMs) is < 75 or >= 85).ToList() });
        // Queue q1 has a 12 m gap; q2 goes stale at 100 m and comes back at 105 m.
        var queueRandom = new Random(++seed);
        var q1 = Gauge(Labels("queue_length", ("queue", "q1")), 0, i => queueRandom.Next(0, 50));
        series.Add(q1 with { Samples = q1.Samples.Where(s => Minute(s.TimestampMs) is < 20 or >= 32).ToList() });
        var q2 = Gauge(Labels("queue_length", ("queue", "q2")), 500, i => queueRandom.Next(0, 50));
        series.Add(q2 with
        {
            Samples = q2.Samples
                .Where(s => Minute(s.TimestampMs) is < 100 or >= 105)
                .Select(s => Minute(s.TimestampMs) == 99.75 ? (s.TimestampMs, StaleNaN) : s)
                .ToList(),
        });
        series.Add(Gauge(Labels("odd_values", ("kind", "nan_inf")), 0, i => (i % 17) switch { 3 => double.NaN, 9 => double.PositiveInfinity, 11 => double.NegativeInfinity, _ => i % 5 }));
        series.Add(Gauge(Labels("odd_values", ("kind", "tiny")), 0, i => (i % 7) * 1e-9));
        series.Add(Gauge(Labels("disk_free_ratio", ("device", "sda")), 0, i => Math.Round(0.9 - (i * 0.0015), 4)));
        series.Add(Gauge(Labels("disk_free_ratio", ("device", "sdb")), 0, i => Math.Round(0.5 + (0.3 * Math.Cos(i / 30.0)), 4)));
        return series;
    }

    private static double Minute(long timestampMs) => (timestampMs - StartMs) / 60_000.0;

    private static int Points => (int)(DurationMs / IntervalMs) + 1;

    /// <summary>Odd series are scraped a little after the interval, as real targets are.</summary>
    private static long Jitter(int seed) => seed % 2 == 0 ? 0 : 137 * seed % 900;

    private static LabelSet Labels(string name, params (string Name, string Value)[] labels) =>
        LabelSet.From([(LabelSet.MetricName, name), .. labels.Where(l => l.Value.Length > 0)]);

    private static DataSeries Gauge(LabelSet labels, long jitterMs, Func<int, double> value) =>
        new(labels, Enumerable.Range(0, Points).Select(i => (StartMs + (i * IntervalMs) + jitterMs, value(i))).ToList());

    private static DataSeries Counter(LabelSet labels, Random random, int rate, long[] resetMinutes, long jitterMs)
    {
        var samples = new List<(long, double)>(Points);
        double value = random.Next(0, 1000);
        for (var i = 0; i < Points; i++)
        {
            var t = StartMs + (i * IntervalMs) + jitterMs;
            if (resetMinutes.Any(m => StartMs + (m * 60_000) == StartMs + (i * IntervalMs))) value = 0;
            value += random.Next(0, rate * 2);
            samples.Add((t, value));
        }
        return new DataSeries(labels, samples);
    }

    private static DataSeries FloatCounter(LabelSet labels, Random random, double rate)
    {
        var samples = new List<(long, double)>(Points);
        var value = 0.0;
        for (var i = 0; i < Points; i++)
        {
            value += Math.Round(random.NextDouble() * rate, 2);
            samples.Add((StartMs + (i * IntervalMs), value));
        }
        return new DataSeries(labels, samples);
    }

    /// <summary>A classic histogram of one job: cumulative <c>le</c> buckets, _sum and _count, all reset together at <paramref name="resetMinute"/>.</summary>
    private static IEnumerable<DataSeries> Histogram(string job, Random random, int resetMinute)
    {
        var counts = new double[Buckets.Length];
        var sum = 0.0;
        var bucketSamples = Buckets.Select(_ => new List<(long, double)>()).ToArray();
        var sumSamples = new List<(long, double)>();
        var countSamples = new List<(long, double)>();
        for (var i = 0; i < Points; i++)
        {
            var t = StartMs + (i * IntervalMs);
            if (i * IntervalMs == resetMinute * 60_000L)
            {
                Array.Clear(counts);
                sum = 0;
            }
            var observations = random.Next(0, 30);
            for (var o = 0; o < observations; o++)
            {
                // Mostly fast, a slow tail that grows in the second hour.
                var latency = Math.Round(random.NextDouble() * random.NextDouble() * (i > Points / 2 ? 4 : 1.5), 3);
                sum += latency;
                for (var b = 0; b < Buckets.Length; b++)
                {
                    if (latency <= Buckets[b]) counts[b]++;
                }
            }
            for (var b = 0; b < Buckets.Length; b++) bucketSamples[b].Add((t, counts[b]));
            sumSamples.Add((t, Math.Round(sum, 3)));
            countSamples.Add((t, counts[^1]));
        }
        for (var b = 0; b < Buckets.Length; b++)
        {
            var le = double.IsPositiveInfinity(Buckets[b]) ? "+Inf" : Buckets[b].ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return new DataSeries(Labels("request_duration_seconds_bucket", ("job", job), ("le", le)), bucketSamples[b]);
        }
        yield return new DataSeries(Labels("request_duration_seconds_sum", ("job", job)), sumSamples);
        yield return new DataSeries(Labels("request_duration_seconds_count", ("job", job)), countSamples);
    }

    /// <summary>Keeps the samples between two minutes; a stale marker one interval after the last when asked.</summary>
    private static DataSeries Window(DataSeries series, int fromMinute, int toMinute, bool staleAtEnd)
    {
        var kept = series.Samples.Where(s => Minute(s.TimestampMs) >= fromMinute && Minute(s.TimestampMs) < toMinute).ToList();
        if (staleAtEnd) kept.Add((kept[^1].TimestampMs + IntervalMs, StaleNaN));
        return series with { Samples = kept };
    }
}
