using System.Diagnostics;
using System.Net.Http.Headers;
using Google.Protobuf;
using Prometheus.Prompb;

namespace Orrery.PromQLBench;

/// <summary>
/// Remote-writes the data set: rounds 15 s apart ending at a given time, in chunks of rounds sent
/// in time order (every series is written in order, and nothing is older than a head's append
/// window), each chunk as batches of whole histograms sent by a few connections at once.
/// </summary>
internal static class Loader
{
    public const long IntervalMs = 15_000;
    private const int RoundsPerChunk = 20;

    public static async Task RunAsync(Uri endpoint, int series, int rounds, long endMs, int batch, int concurrency, int seed)
    {
        var data = new DashboardData(series, seed);
        batch = Math.Max(DashboardData.Buckets, batch / DashboardData.Buckets * DashboardData.Buckets);
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var url = new Uri(endpoint, "/api/v1/write");
        var startMs = endMs - ((rounds - 1) * IntervalMs);
        var watch = Stopwatch.StartNew();
        long samples = 0;
        for (var chunk = 0; chunk < rounds; chunk += RoundsPerChunk)
        {
            var chunkRounds = Math.Min(RoundsPerChunk, rounds - chunk);
            var requests = new List<byte[]>();
            // Counters end before the histograms start on a bucket boundary (Counters may be odd: its own batch edge).
            for (var from = 0; from < data.Count;)
            {
                var to = from < data.Counters ? Math.Min(data.Counters, from + batch) : Math.Min(data.Count, from + batch);
                var request = new WriteRequest();
                var timeSeries = new TimeSeries[to - from];
                for (var i = from; i < to; i++)
                {
                    var ts = new TimeSeries();
                    foreach (var (name, value) in data.Labels(i)) ts.Labels.Add(new Label { Name = name, Value = value });
                    timeSeries[i - from] = ts;
                }
                for (var r = chunk; r < chunk + chunkRounds; r++)
                {
                    var values = data.Advance(from, to, r);
                    for (var i = 0; i < values.Length; i++) timeSeries[i].Samples.Add(new Sample { Timestamp = startMs + (r * IntervalMs), Value = values[i] });
                }
                request.Timeseries.Add(timeSeries);
                requests.Add(IronSnappy.Snappy.Encode(request.ToByteArray()));
                samples += (long)(to - from) * chunkRounds;
                from = to;
            }
            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (body, token) => await SendAsync(client, url, body, token));
        }
        Console.WriteLine($"loaded {data.Count} series x {rounds} rounds = {samples} samples into {endpoint} in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task SendAsync(HttpClient client, Uri url, byte[] body, CancellationToken token)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        using var response = await client.SendAsync(request, token);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"remote write {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(token)}");
    }
}
