using System.Diagnostics;
using System.Globalization;
using Orrery.LoadGen;
using Orrery.Workload;

// Drives OTLP/gRPC trace load at a set rate and reports what was acknowledged.
// Usage: orrery-loadgen [--endpoint URL] [--rate SPANS/S] [--duration S] [--spans-per-request N]
//                       [--concurrency N] [--templates N] [--tenant ID] [--total-spans N] [--ids-out FILE]
//        orrery-loadgen query --endpoint http://127.0.0.1:3200 --ids FILE [--count N]
//        orrery-loadgen remote-write [--endpoint URL] [--series N] [--rounds N] [--batch N]
//                       [--concurrency N] [--duration S] [--seed N] [--tenant ID]
if (args.Length > 0 && args[0] == "query") return await TraceByIdProbe.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "remote-write") return await RemoteWriteLoad.RunAsync(args[1..]);

var options = LoadGenOptions.Parse(args);
// Spans start now, so retention and time-range queries treat them as fresh data.
var generator = new RealisticTraceGenerator(seed: Environment.TickCount, startUnixNano: DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
var templates = Enumerable.Range(0, options.Templates)
    .Select(_ => new PayloadTemplate(generator.NextRequest(options.SpansPerRequest)))
    .ToArray();
var spansPerRequest = templates[0].SpanCount;
var payloadBytes = templates.Average(t => t.Length);
Console.WriteLine(FormattableString.Invariant(
    $"workload: {spansPerRequest} spans/request, {payloadBytes:F0} bytes/request ({payloadBytes / spansPerRequest:F1} B/span on the wire), information content {generator.EntropyBits / generator.SpanCount / 8:F1} B/span"));

using var exporter = new GrpcExporter(options.Endpoint, options.Tenant);
using var stop = new CancellationTokenSource(options.Duration);
var clock = Stopwatch.StartNew();
var secondsPerRequest = options.Rate > 0 ? (double)spansPerRequest / options.Rate : 0;
long nextRequest = -1, acked = 0, rejected = 0, failed = 0;
var latencies = new List<double>[options.Concurrency];
string? firstError = null;
var sampledIds = new System.Collections.Concurrent.ConcurrentQueue<string>();

var workers = Enumerable.Range(0, options.Concurrency).Select(w => Task.Run(async () =>
{
    var mine = latencies[w] = new List<double>();
    var buffer = new byte[templates.Max(t => t.Length)];
    var random = new Random(w * 7919 + Environment.TickCount);
    while (!stop.IsCancellationRequested)
    {
        var k = Interlocked.Increment(ref nextRequest);
        if (options.TotalSpans > 0 && k * spansPerRequest >= options.TotalSpans) break;
        var due = k * secondsPerRequest;
        var wait = due - clock.Elapsed.TotalSeconds;
        if (wait > 0)
        {
            try { await Task.Delay(TimeSpan.FromSeconds(wait), stop.Token); }
            catch (OperationCanceledException) { break; }
        }
        var template = templates[k % templates.Length];
        var idKey = (ulong)random.NextInt64(1, long.MaxValue);
        template.Render(buffer, idKey, (long)(clock.Elapsed.TotalMilliseconds * 1_000_000));
        if (options.IdsOut is not null) sampledIds.Enqueue(template.FirstTraceIdHex(idKey));
        var started = clock.Elapsed.TotalMilliseconds;
        try
        {
            var r = await exporter.ExportAsync(buffer.AsMemory(0, template.Length), CancellationToken.None);
            Interlocked.Add(ref acked, spansPerRequest - r);
            Interlocked.Add(ref rejected, r);
            mine.Add(clock.Elapsed.TotalMilliseconds - started);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            Interlocked.Add(ref failed, spansPerRequest);
            Interlocked.CompareExchange(ref firstError, e.Message, null);
        }
    }
})).ToArray();
await Task.WhenAll(workers);
var seconds = clock.Elapsed.TotalSeconds;
if (options.IdsOut is not null) await File.AppendAllLinesAsync(options.IdsOut, sampledIds);

var all = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
double P(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"sent for {seconds:F1}s: acked {acked} spans ({acked / seconds:F0} spans/s), rejected {rejected}, failed {failed}; ack latency p50 {P(0.5):F1} ms, p99 {P(0.99):F1} ms, max {P(1):F1} ms"));
if (firstError is not null) Console.WriteLine($"first error: {firstError}");
return failed > 0 || rejected > 0 ? 1 : 0;
