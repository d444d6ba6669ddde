using System.Diagnostics;
using System.Globalization;

namespace Orrery.LoadGen;

/// <summary>
/// Measures trace-by-id latency through the Tempo API for trace ids a load run recorded:
/// sequential requests (one client, no queueing), each id picked at random.
/// </summary>
internal static class TraceByIdProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        var endpoint = new Uri("http://127.0.0.1:3200");
        string? idsFile = null;
        var count = 2_000;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--endpoint": endpoint = new Uri(args[++i]); break;
                case "--ids": idsFile = args[++i]; break;
                case "--count": count = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }
        var ids = await File.ReadAllLinesAsync(idsFile ?? throw new ArgumentException("--ids FILE is required"));
        using var client = new HttpClient { BaseAddress = endpoint };
        var random = new Random(1);
        var latencies = new double[count];
        var missing = 0;
        for (var i = 0; i < count; i++)
        {
            var id = ids[random.Next(ids.Length)];
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/traces/{id}");
            request.Headers.Accept.ParseAdd("application/protobuf");
            var watch = Stopwatch.StartNew();
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            latencies[i] = watch.Elapsed.TotalMilliseconds;
            if (!response.IsSuccessStatusCode || body.Length == 0) missing++;
        }
        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trace by id over {count} requests ({ids.Length} known ids): p50 {P(0.5):F2} ms, p99 {P(0.99):F2} ms, max {P(1):F2} ms, not found {missing}"));
        return missing == 0 ? 0 : 1;
    }
}
