using System.Diagnostics.Metrics;
using System.Globalization;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Configuration;
using Orrery.Pipeline.Exporters;
using Orrery.PipelineBench;

// Usage: Orrery.PipelineBench [spans=1000000] [rounds=3] [writers=2]
//        Orrery.PipelineBench profile [spans=300000] [rounds=3] [stage name part]   (per-stage cost, one writer)
//        Orrery.PipelineBench storesize [spans=1000000] [rounds=3] [writers=2]       (the store's cost by batch size)
// Same decoded batches (orrery gen's realistic traces), one process: (a) straight into the
// embedded trace store, (b) through tail_sampling (keep all, and 10% probabilistic) + spanmetrics
// + servicegraph into the same kind of store. Then the heap held per trace buffered by
// tail_sampling (decision_wait 1h).
if (args.Length > 0 && args[0] == "profile")
{
    await Profile.RunAsync(args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 300_000, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3, args.Length > 3 ? args[3] : null);
    return;
}
if (args.Length > 0 && args[0] == "storesize")
{
    await StoreBatchSizes.RunAsync(args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2);
    return;
}
var total = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var writers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
const int SpansPerRequest = 500;
var decisionWait = TimeSpan.FromSeconds(1);

Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
var payloads = BenchRun.RealisticPayloads(total, SpansPerRequest);
var spans = payloads.Count * (long)SpansPerRequest;
var traces = BenchRun.CountTraces(payloads);
Console.WriteLine($"{spans:N0} spans, {traces:N0} traces in {payloads.Count} batches of {SpansPerRequest}; {writers} concurrent writers; decision_wait {decisionWait.TotalSeconds:F0}s");

// Memory first, on a quiet heap: the decoded batches alone, then what tail_sampling adds while holding every trace.
{
    var before = BenchRun.Settle();
    var batches = BenchRun.Decode(payloads);
    var decoded = BenchRun.Settle() - before;
    using var meter = new Meter("pipeline-bench-memory");
    var sink = new CountingTraceSink();
    var graph = PipelineConfig.Parse(BenchPipelines.SamplingOnly(traces + 1, "1h"))
        .Build(new PipelineTerminals(sink, null, null), new PipelineContext(TimeProvider.System, meter, null));
    var otlp = graph.For(ReceiverTypes.Otlp).Traces!;
    var empty = BenchRun.Settle();
    await BenchRun.FeedAsync(otlp, batches, writers);
    batches.Clear(); // from here only the sampler keeps the batches alive, as after a receiver's export returns
    var held = BenchRun.Settle();
    var forwardedWhileHeld = sink.Spans;
    await graph.DisposeAsync();
    var bookkeeping = held - empty;
    Console.WriteLine($"heap: before decode {before / 1e6:F1} MB, decoded {(before + decoded) / 1e6:F1} MB, graph built {empty / 1e6:F1} MB, traces held {held / 1e6:F1} MB");
    Console.WriteLine($"\nbuffered {traces:N0} traces (forwarded before the decision: {forwardedWhileHeld}; after dispose: {sink.Spans:N0} spans)");
    Console.WriteLine($"decoded batches (rows + arena): {decoded / (double)traces:N0} B per trace");
    Console.WriteLine($"tail_sampling bookkeeping (index, trace slots, span links, held-batch rows): {bookkeeping / (double)traces:N0} B per trace");
    Console.WriteLine($"heap per buffered trace, batches included: {(bookkeeping + decoded) / (double)traces:N0} B ({(bookkeeping + decoded) / (double)spans:N0} B per span)");
}

var variants = new (string Name, string? Yaml, bool Store)[]
{
    ("store", null, true),
    ("keep all", BenchPipelines.Full(BenchPipelines.KeepAll, decisionWait), true),
    ("10%", BenchPipelines.Full(BenchPipelines.TenPercent, decisionWait), true),
    // Drops the sampler's output instead of storing it: what the pipeline costs without the store.
    ("keep all, traces discarded", BenchPipelines.Full(BenchPipelines.KeepAll, decisionWait), false),
};

// Warm-up: JIT every path once on a tenth of the data before anything is timed.
if (rounds > 0)
{
    var warmUp = payloads.Take(Math.Max(1, payloads.Count / 10)).ToList();
    foreach (var (_, yaml, store) in variants) await BenchRun.RunAsync(warmUp, yaml, store, writers);
}

var results = variants.ToDictionary(v => v.Name, _ => new List<double>());
for (var round = 0; round < rounds; round++)
{
    foreach (var (name, yaml, store) in variants)
    {
        var run = await BenchRun.RunAsync(payloads, yaml, store, writers);
        results[name].Add(spans / run.WallSeconds);
        var derived = yaml is null ? "" : $", derived samples {run.Samples:N0}";
        Console.WriteLine($"round {round + 1}: {name,-28} {spans / run.WallSeconds,12:N0} spans/s ({run.WallSeconds:F2} s, writers done at {run.FeedSeconds:F2} s, CPU {run.CpuSeconds:F2} s, stored {run.Spans:N0}{derived}; GC gen0/1/2 {run.Gc.Gen0}/{run.Gc.Gen1}/{run.Gc.Gen2}, paused {run.Gc.PauseSeconds * 1e3:F0} ms)");
    }
}
var baseline = rounds > 0 ? BenchRun.Median(results["store"]) : double.NaN;
Console.WriteLine("\n| path | spans/s (median of rounds) | vs store | cost |\n|---|---|---|---|");
foreach (var (name, rates) in results.Where(r => r.Value.Count > 0))
{
    var median = BenchRun.Median(rates);
    Console.WriteLine($"| {name} | {median:N0} | {median / baseline:P0} | {1 - median / baseline:P0} |");
}

Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
