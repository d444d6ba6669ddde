using System.Diagnostics;
using System.Globalization;
using Prometheus.Prompb;

namespace Orrery.LoadGen;

/// <summary>
/// <c>orrery-loadgen remote-write</c>: N active series, one sample each per round, rounds 15 s of
/// simulated time apart, sent as fast as acknowledgements allow. Each connection owns a fixed
/// share of the batches and sends them round by round, so every series' samples arrive in order
/// (Prometheus refuses out-of-order samples by default) and a given seed always sends the same data.
/// </summary>
internal static class RemoteWriteLoad
{
    private const long IntervalMs = 15_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = RemoteWriteOptions.Parse(args);
        var built = Stopwatch.StartNew();
        var series = new SyntheticSeries(options.Series, options.Seed, options.JitterMs);
        var batches = (options.Series + options.BatchSize - 1) / options.BatchSize;
        // Simulated time ends before now: neither peer has to accept samples from the future.
        var startMs = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / IntervalMs - options.Rounds - 4) * IntervalMs;
        CheckAgainstGoogleProtobuf(series, Math.Min(options.BatchSize, options.Series), startMs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"remote-write: {options.Series} series, {options.Rounds} rounds (timestamps jittered ±{options.JitterMs} ms), {batches} requests/round of <= {options.BatchSize} series, {options.Concurrency} connections ({built.Elapsed.TotalSeconds:F1}s to build series)"));

        using var sender = new RemoteWriteSender(options.Endpoint, options.Concurrency, options.Tenant);
        using var stop = new CancellationTokenSource(options.Duration);
        long acked = 0, dropped = 0, retries = 0, compressedBytes = 0, rawBytes = 0, requests = 0, nextRequest = -1, finished = 0;
        string? firstError = null;
        // Round r starts once every request of round r-1 is answered: per-series order holds, and no
        // connection runs ahead (a peer that has cut the head into a block refuses samples older than it).
        var roundDone = Enumerable.Range(0, options.Rounds).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        // One random stream per batch: the same seed sends the same values whichever connection sends them.
        var randoms = Enumerable.Range(0, batches).Select(b => new Random(options.Seed * 7919 + b)).ToArray();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var firstRoundDone = roundDone[0].Task.ContinueWith(_ => clock.Elapsed, TaskScheduler.Default);

        var workers = Enumerable.Range(0, Math.Min(options.Concurrency, batches)).Select(w => Task.Run(async () =>
        {
            var buffer = new byte[WriteRequestEncoder.MaxLength(series, options.BatchSize)];
            while (!stop.IsCancellationRequested)
            {
                var k = Interlocked.Increment(ref nextRequest);
                var round = (int)(k / batches);
                var b = (int)(k % batches);
                if (round >= options.Rounds) break;
                if (round > 0)
                {
                    try { await roundDone[round - 1].Task.WaitAsync(stop.Token); }
                    catch (OperationCanceledException) { break; }
                }
                var first = b * options.BatchSize;
                var count = Math.Min(options.BatchSize, options.Series - first);
                if (round > 0)
                {
                    for (var s = first; s < first + count; s++) series.Advance(s, randoms[b]);
                }
                var length = WriteRequestEncoder.Encode(series, first, count, startMs + round * IntervalMs, buffer);
                var compressed = IronSnappy.Snappy.Encode(buffer.AsSpan(0, length));
                Interlocked.Add(ref rawBytes, length);
                Interlocked.Add(ref compressedBytes, compressed.Length);
                Interlocked.Increment(ref requests);
                try
                {
                    var outcome = await sender.SendAsync(compressed, stop.Token);
                    Interlocked.Add(ref retries, outcome.Retries);
                    Interlocked.Add(ref outcome.Acknowledged ? ref acked : ref dropped, count);
                    if (outcome.Error is not null) Interlocked.CompareExchange(ref firstError, outcome.Error, null);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Add(ref dropped, count);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
                if (Interlocked.Increment(ref finished) == (long)(round + 1) * batches) roundDone[round].SetResult();
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

        var firstRound = roundDone[0].Task.IsCompleted ? await firstRoundDone : TimeSpan.FromSeconds(seconds);
        var steadySeconds = seconds - firstRound.TotalSeconds;
        var steadySamples = Math.Max(0, acked - options.Series);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sent for {seconds:F1}s: acked {acked} samples ({acked / seconds:F0} samples/s), dropped {dropped}, retries {retries}, {requests} requests"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first round (creates every series): {firstRound.TotalSeconds:F1}s = {options.Series / Math.Max(firstRound.TotalSeconds, 1e-9):F0} samples/s; later rounds: {(steadySeconds > 0 ? steadySamples / steadySeconds : 0):F0} samples/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wire: {rawBytes / (double)Math.Max(1, acked + dropped):F1} B/sample encoded, {compressedBytes / (double)Math.Max(1, acked + dropped):F1} B/sample after snappy; load generator used {cpu:F1} CPU-s ({cpu / seconds:F2} cores)"));
        if (firstError is not null) Console.WriteLine($"first error: {firstError}");
        return dropped > 0 ? 1 : 0;
    }

    /// <summary>The hand encoder must say exactly what Google.Protobuf reads back.</summary>
    private static void CheckAgainstGoogleProtobuf(SyntheticSeries series, int count, long startMs)
    {
        var buffer = new byte[WriteRequestEncoder.MaxLength(series, count)];
        var length = WriteRequestEncoder.Encode(series, 0, count, startMs, buffer);
        var parsed = WriteRequest.Parser.ParseFrom(buffer.AsSpan(0, length));
        var last = parsed.Timeseries[^1];
        var ok = parsed.Timeseries.Count == count
            && last.Samples.Count == 1
            && last.Samples[0].Value.Equals(series.Values[count - 1])
            && last.Samples[0].Timestamp == series.TimestampMs(count - 1, startMs)
            && last.Labels.Count == 6
            && last.Labels.Select(l => l.Name).SequenceEqual(last.Labels.Select(l => l.Name).Order(StringComparer.Ordinal))
            && parsed.Timeseries.All(t => t.Labels.Any(l => l.Name == "__name__"));
        if (!ok) throw new InvalidOperationException("hand-encoded WriteRequest does not read back through Google.Protobuf as written");
    }
}
