using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Google.Protobuf;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Configuration;
using Orrery.Pipeline.Exporters;
using Orrery.PipelineBench;
using Orrery.Receive.Otlp;
using Orrery.Signals.Traces;
using Orrery.Storage;
using Orrery.Storage.Traces.Embedded;
using Orrery.Workload;

// Usage: Orrery.PipelineBench [spans=1000000] [rounds=3] [writers=2]
//        Orrery.PipelineBench profile [spans=300000] [rounds=3]   (per-stage cost, one writer)
// Same decoded batches, one process: (a) straight into the embedded trace store, (b) through
// tail_sampling (keep all, and 10% probabilistic) + spanmetrics + servicegraph into the same kind
// of store. Then the heap held per trace buffered by tail_sampling (decision_wait 1h).
if (args.Length > 0 && args[0] == "profile")
{
    await Profile.RunAsync(args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 300_000, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
    return;
}
var total = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var writers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
const int SpansPerRequest = 500;
const string Tenant = "bench";
var decisionWait = TimeSpan.FromSeconds(1);

Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000) * 1_000_000;
var generator = new RealisticTraceGenerator(seed: 7, startUnixNano: start);
var payloads = new List<byte[]>();
while (generator.SpanCount < total) payloads.Add(generator.NextRequest(SpansPerRequest).ToByteArray());
var traces = generator.SpanCount / RealisticTraceGenerator.SpansPerTrace;
Console.WriteLine($"{generator.SpanCount:N0} spans, {traces:N0} traces in {payloads.Count} batches of {SpansPerRequest}; {writers} concurrent writers; decision_wait {decisionWait.TotalSeconds:F0}s");

// Every run gets freshly decoded batches (untimed): consumers take ownership and may keep them.
List<SpanBatch> Decode()
{
    var batches = new List<SpanBatch>(payloads.Count);
    foreach (var payload in payloads)
    {
        var batch = new SpanBatch();
        OtlpTraceProtobufReader.Read(payload, batch);
        batches.Add(batch);
    }
    return batches;
}

async Task Feed(ITraceConsumer consumer, List<SpanBatch> batches)
{
    var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
    {
        for (var i = w; i < batches.Count; i += writers)
        {
            // The consumer owns the batch from here: dropping our reference keeps the heap what a
            // receiver's would be (a 2 GB heap of already-consumed batches makes every full GC slower).
            var batch = batches[i];
            batches[i] = null!;
            await consumer.ConsumeAsync(Tenant, batch);
        }
    }));
    await Task.WhenAll(tasks);
}

static long Settle()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    return GC.GetTotalMemory(forceFullCollection: true);
}

async Task<(double Seconds, long Stored)> RunStore()
{
    var directory = Path.Combine(Path.GetTempPath(), "orrery-pipeline-bench-" + Guid.NewGuid().ToString("N"));
    try
    {
        await using var store = new EmbeddedTraceStore(new StorageOptions { DataDirectory = directory });
        await store.StartAsync();
        var batches = Decode();
        Settle();
        var clock = Stopwatch.StartNew();
        await Feed(store, batches);
        var seconds = clock.Elapsed.TotalSeconds;
        var stats = store.GetStats();
        return (seconds, stats.HeadSpans + stats.BlockSpans);
    }
    finally
    {
        Directory.Delete(directory, recursive: true);
    }
}

// Timed until the graph is disposed: that decides every still-buffered trace and flushes the
// connectors, so every span has reached the store (or been dropped by the policy) when the clock stops.
async Task<(double Seconds, long Stored, long Samples)> RunPipeline(string policy, bool discardTraces = false)
{
    var directory = Path.Combine(Path.GetTempPath(), "orrery-pipeline-bench-" + Guid.NewGuid().ToString("N"));
    using var meter = new Meter("pipeline-bench-" + Guid.NewGuid().ToString("N"));
    try
    {
        await using var store = new EmbeddedTraceStore(new StorageOptions { DataDirectory = directory });
        await store.StartAsync();
        var metrics = new CountingMetricSink();
        var discard = new CountingTraceSink();
        var graph = PipelineConfig.Parse(BenchPipelines.Full(policy, decisionWait))
            .Build(new PipelineTerminals(discardTraces ? discard : store, metrics, null), new PipelineContext(TimeProvider.System, meter, null));
        var otlp = graph.For(ReceiverTypes.Otlp).Traces!;
        var batches = Decode();
        Settle();
        var clock = Stopwatch.StartNew();
        await Feed(otlp, batches);
        await graph.DisposeAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        var stats = store.GetStats();
        return (seconds, discardTraces ? discard.Spans : stats.HeadSpans + stats.BlockSpans, metrics.Samples);
    }
    finally
    {
        Directory.Delete(directory, recursive: true);
    }
}

// Memory first, on a quiet heap: the decoded batches alone, then what tail_sampling adds while holding every trace.
{
    var before = Settle();
    var batches = Decode();
    var decoded = Settle() - before;
    using var meter = new Meter("pipeline-bench-memory");
    var sink = new CountingTraceSink();
    var graph = PipelineConfig.Parse(BenchPipelines.SamplingOnly((int)traces + 1))
        .Build(new PipelineTerminals(sink, null, null), new PipelineContext(TimeProvider.System, meter, null));
    var otlp = graph.For(ReceiverTypes.Otlp).Traces!;
    var empty = Settle();
    await Feed(otlp, batches);
    batches.Clear(); // from here only the sampler keeps the batches alive, as after a receiver's export returns
    var held = Settle();
    var forwardedWhileHeld = sink.Spans;
    await graph.DisposeAsync();
    var bookkeeping = held - empty;
    Console.WriteLine($"heap: before decode {before / 1e6:F1} MB, decoded {(before + decoded) / 1e6:F1} MB, graph built {empty / 1e6:F1} MB, traces held {held / 1e6:F1} MB");
    Console.WriteLine($"\nbuffered {traces:N0} traces (forwarded before the decision: {forwardedWhileHeld}; after dispose: {sink.Spans:N0} spans)");
    Console.WriteLine($"decoded batches (rows + arena): {decoded / (double)traces:N0} B per trace");
    Console.WriteLine($"tail_sampling bookkeeping (index, buffered trace, span refs): {bookkeeping / (double)traces:N0} B per trace");
    Console.WriteLine($"heap per buffered trace, batches included: {(bookkeeping + decoded) / (double)traces:N0} B ({(bookkeeping + decoded) / (double)generator.SpanCount:N0} B per span)");
}

// Warm-up: JIT every path once on a tenth of the data before anything is timed.
if (rounds > 0)
{
    var keep = payloads;
    payloads = keep.Take(Math.Max(1, keep.Count / 10)).ToList();
    await RunStore();
    await RunPipeline(BenchPipelines.KeepAll);
    await RunPipeline(BenchPipelines.TenPercent);
    await RunPipeline(BenchPipelines.KeepAll, discardTraces: true);
    payloads = keep;
}

var results = new Dictionary<string, List<double>> { ["store"] = [], ["keep all"] = [], ["10%"] = [], ["keep all, traces discarded"] = [] };
for (var round = 0; round < rounds; round++)
{
    var plain = await RunStore();
    results["store"].Add(generator.SpanCount / plain.Seconds);
    Console.WriteLine($"round {round + 1}: store          {generator.SpanCount / plain.Seconds,12:N0} spans/s ({plain.Seconds:F2} s, stored {plain.Stored:N0})");
    // The last variant drops the sampler's output instead of storing it: what the pipeline costs without the store.
    foreach (var (name, policy, discard) in new[] { ("keep all", BenchPipelines.KeepAll, false), ("10%", BenchPipelines.TenPercent, false), ("keep all, traces discarded", BenchPipelines.KeepAll, true) })
    {
        var run = await RunPipeline(policy, discard);
        results[name].Add(generator.SpanCount / run.Seconds);
        Console.WriteLine($"round {round + 1}: pipeline {name} {generator.SpanCount / run.Seconds,9:N0} spans/s ({run.Seconds:F2} s, stored {run.Stored:N0}, derived samples {run.Samples:N0})");
    }
}
static double Median(List<double> xs)
{
    var sorted = xs.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
var baseline = rounds > 0 ? Median(results["store"]) : double.NaN;
Console.WriteLine("\n| path | spans/s (median of rounds) | vs store | cost |\n|---|---|---|---|");
foreach (var (name, rates) in results.Where(r => r.Value.Count > 0))
{
    var median = Median(rates);
    Console.WriteLine($"| {name} | {median:N0} | {median / baseline:P0} | {1 - median / baseline:P0} |");
}

Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
