using Orrery.Signals.Labels;

namespace Orrery.Storage.Tests.Metrics.Blocks;

/// <summary>
/// Scrape-like data: every 15 s with a few ms of jitter; counters growing by small random
/// integers, gauges walking at 2 decimals, and classic histogram buckets (cumulative counters
/// per <c>le</c>). Deterministic per seed.
/// </summary>
internal static class RealisticSeries
{
    public const long Interval = 15_000;

    public static List<(LabelSet Labels, List<(long T, double V)> Samples)> Generate(int targets, long start, int samples, int jitterMs, int seed)
    {
        var random = new Random(seed);
        var result = new List<(LabelSet, List<(long, double)>)>();
        string[] les = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];
        for (var target = 0; target < targets; target++)
        {
            var instance = $"10.0.{target / 250}.{target % 250}:9100";
            var times = new long[samples];
            for (var i = 0; i < samples; i++) times[i] = start + i * Interval + (jitterMs == 0 ? 0 : random.Next(-jitterMs, jitterMs + 1));
            foreach (var code in new[] { "200", "404", "500" })
            {
                var v = (double)random.Next(0, 100_000);
                var rate = code == "200" ? 10 : 2;
                result.Add((LabelSet.From(("__name__", "http_requests_total"), ("job", "api"), ("instance", instance), ("code", code)),
                    Walk(times, ref v, () => random.Next(0, rate + 1))));
            }
            foreach (var gauge in new[] { "temperature_celsius", "load_average" })
            {
                var v = Math.Round(random.NextDouble() * 50, 2);
                result.Add((LabelSet.From(("__name__", gauge), ("job", "api"), ("instance", instance)),
                    Walk(times, ref v, () => random.Next(-50, 51) / 100.0, 2)));
            }
            var bucketCounts = new double[les.Length];
            var bucketSamples = les.Select(_ => new List<(long, double)>()).ToArray();
            foreach (var t in times)
            {
                var observations = random.Next(0, 20);
                for (var o = 0; o < observations; o++)
                {
                    var bucket = Math.Min(les.Length - 1, (int)Math.Abs(random.NextDouble() * random.NextDouble() * les.Length));
                    for (var b = bucket; b < les.Length; b++) bucketCounts[b]++;
                }
                for (var b = 0; b < les.Length; b++) bucketSamples[b].Add((t, bucketCounts[b]));
            }
            for (var b = 0; b < les.Length; b++)
            {
                result.Add((LabelSet.From(("__name__", "http_request_duration_seconds_bucket"), ("job", "api"), ("instance", instance), ("le", les[b])), bucketSamples[b]));
            }
        }
        return result;
    }

    private static List<(long, double)> Walk(long[] times, ref double value, Func<double> step, int decimals = 0)
    {
        var samples = new List<(long, double)>(times.Length);
        foreach (var t in times)
        {
            samples.Add((t, value));
            value = decimals == 0 ? value + step() : Math.Round(value + step(), decimals);
        }
        return samples;
    }
}
