using System.Globalization;

namespace Orrery.PromQLBench;

/// <summary>
/// Times a query set as range queries against one server (for runs where the peers are never up
/// at the same time): warm-up passes over the whole set, then <c>runs</c> timed runs per query.
/// Prints one tab-separated line per query: query, median ms, series in the answer, error or "ok".
/// </summary>
internal static class SingleServerTimer
{
    public static async Task<int> RunAsync(Uri server, IReadOnlyList<string> queries, long startMs, long endMs, long stepMs, int runs)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        string PathOf(string query) =>
            $"/api/v1/query_range?query={Uri.EscapeDataString(query)}&start={QueryTimer.Seconds(startMs)}&end={QueryTimer.Seconds(endMs)}&step={QueryTimer.Seconds(stepMs)}";
        // Warm-up as in QueryTimer: JIT tiers and page cache are a long-running server's past, not a dashboard's cost.
        for (var pass = 0; pass < QueryTimer.WarmupPasses; pass++)
        {
            foreach (var query in queries) await QueryTimer.ElapsedAsync(client, new Uri(server, PathOf(query)));
        }
        var failed = 0;
        foreach (var query in queries)
        {
            var (series, error) = await QueryTimer.TimeAsync(client, new Uri(server, PathOf(query)));
            if (error is not null)
            {
                Console.WriteLine($"{query}\t\t0\t{error.ReplaceLineEndings(" ")}");
                failed++;
                continue;
            }
            var elapsed = new List<double>();
            for (var run = 0; run < runs; run++) elapsed.Add(await QueryTimer.ElapsedAsync(client, new Uri(server, PathOf(query))));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{query}\t{QueryTimer.Median(elapsed):0.0}\t{series}\tok"));
        }
        return failed == 0 ? 0 : 1;
    }
}
