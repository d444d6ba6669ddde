using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Orrery.PromQLBench;

/// <summary>
/// Times the dashboard set as range queries against two servers, alternating between them run
/// by run so that both see the same machine state; prints the median per query and the ratio.
/// </summary>
internal static class QueryTimer
{
    public static readonly string[] Dashboard =
    [
        "sum by (service) (rate(bench_requests_total[5m]))",
        "histogram_quantile(0.99, sum by (le) (rate(bench_latency_seconds_bucket[5m])))",
        "topk(10, sum by (instance) (rate(bench_requests_total[5m])))",
        "sum(rate(bench_requests_total{code=~\"5..\"}[5m])) / sum(rate(bench_requests_total[5m]))",
    ];

    /// <summary>Whole-set passes before timing (see <see cref="RunAsync"/>).</summary>
    internal const int WarmupPasses = 5;

    public static async Task<int> RunAsync(Uri orrery, Uri prometheus, long startMs, long endMs, long stepMs, int runs)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        Console.WriteLine($"{"query",-90} {"orrery ms",10} {"prom ms",10} {"ratio",7} {"series",7}");
        var failed = 0;
        // Warm-up passes over the whole set first: a freshly started .NET server runs its first
        // calls on quick (tier-0) JIT code and recompiles hot methods in the background, a cost
        // a long-running server paid once at start, not what a dashboard sees. Go has no such phase.
        for (var pass = 0; pass < WarmupPasses; pass++)
        {
            foreach (var query in Dashboard)
            {
                var warm = $"/api/v1/query_range?query={Uri.EscapeDataString(query)}&start={Seconds(startMs)}&end={Seconds(endMs)}&step={Seconds(stepMs)}";
                await ElapsedAsync(client, new Uri(orrery, warm));
                await ElapsedAsync(client, new Uri(prometheus, warm));
            }
        }
        foreach (var query in Dashboard)
        {
            var path = $"/api/v1/query_range?query={Uri.EscapeDataString(query)}&start={Seconds(startMs)}&end={Seconds(endMs)}&step={Seconds(stepMs)}";
            // One warm-up each: first-touch costs (JIT, page cache) are not what a dashboard sees.
            var (orrerySeries, orreryError) = await TimeAsync(client, new Uri(orrery, path));
            var (prometheusSeries, prometheusError) = await TimeAsync(client, new Uri(prometheus, path));
            if (orreryError is not null || prometheusError is not null)
            {
                Console.WriteLine($"{query,-90} orrery: {orreryError ?? "ok"}; prometheus: {prometheusError ?? "ok"}");
                failed++;
                continue;
            }
            var orreryMs = new List<double>();
            var prometheusMs = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                orreryMs.Add(await ElapsedAsync(client, new Uri(orrery, path)));
                prometheusMs.Add(await ElapsedAsync(client, new Uri(prometheus, path)));
            }
            var (o, p) = (Median(orreryMs), Median(prometheusMs));
            var seriesNote = orrerySeries == prometheusSeries ? orrerySeries.ToString(CultureInfo.InvariantCulture) : $"{orrerySeries}/{prometheusSeries}";
            Console.WriteLine($"{query,-90} {o,10:0.0} {p,10:0.0} {o / p,6:0.00}x {seriesNote,7}");
        }
        return failed == 0 ? 0 : 1;
    }

    internal static async Task<double> ElapsedAsync(HttpClient client, Uri uri)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(uri);
        await response.Content.ReadAsByteArrayAsync();
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Series in the answer, or the error.</summary>
    internal static async Task<(int Series, string? Error)> TimeAsync(HttpClient client, Uri uri)
    {
        using var response = await client.GetAsync(uri);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) return (0, $"{(int)response.StatusCode} {(body.Length > 200 ? body[..200] : body)}");
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("data").GetProperty("result").GetArrayLength(), null);
    }

    internal static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    internal static string Seconds(long milliseconds) => (milliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
