using System.Diagnostics;
using System.Globalization;
using System.Text;
using Orrery.Query.TraceQL.Engine;
using Orrery.Query.TraceQL.Metrics;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage;
using Orrery.Storage.Traces;
using Orrery.Storage.Traces.Blocks;
using Orrery.Storage.Traces.Embedded;
using Orrery.TraceQLBench;
using Intrinsic = Orrery.Storage.Traces.Intrinsic;
using StaticValue = Orrery.Storage.Traces.StaticValue;

// Usage: Orrery.TraceQLBench [spans=10000000] [data directory] [runs=5] [parts=scan,metrics,search]
//        Orrery.TraceQLBench many DIR RUNS FROM_SECONDS TO_SECONDS [tenant=default]
//        (the side-by-side run's attribute search over a directory `orrery serve` wrote; see ManySearch)
// Builds blocks of 1M realistic spans (Orrery.Generate's RealisticTraceShape, see BenchSpans) straight into an embedded store's
// data directory with TraceBlockWriter (no HTTP ingest, no WAL), unless the directory already
// holds them (it is kept, so a second run reuses it), then measures over the opened store:
// 1. the storage scan alone for a single-column predicate, on this thread: spans evaluated per
//    wall second and per CPU second of the process (one thread works; GC threads are included);
// 2. TraceQL metrics over the whole range;
// 3. TraceQL searches (TraceQLSearcher). Every figure is the median of RUNS runs after one warm-up.
if (args.Length >= 5 && args[0] == "many")
{
    await using var served = new EmbeddedTraceStore(new StorageOptions { DataDirectory = args[1], RunBackgroundTasks = false });
    await served.StartAsync();
    var from = long.Parse(args[3], CultureInfo.InvariantCulture) * 1_000_000_000;
    var to = (long.Parse(args[4], CultureInfo.InvariantCulture) * 1_000_000_000) + 999_999_999;
    var servedStats = served.GetStats();
    Console.WriteLine($"{servedStats.BlockSpans:N0} spans in {servedStats.BlockCount} blocks, {servedStats.HeadSpans:N0} in the head");
    ManySearch.Run(served, args.Length > 5 ? args[5] : "default", new TimeRange(from, to), int.Parse(args[2], CultureInfo.InvariantCulture));
    return;
}

var total = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
var directory = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"orrery-traceql-bench-{total}");
var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
var parts = args.Length > 3 ? args[3].Split(',') : ["scan", "metrics", "search"];
const long Start = 1_700_000_000_000_000_000;
const string Tenant = "bench";
const int SpansPerBlock = 1_000_000;

// Names the queries look for; RealisticTraceShape fixes them (BenchSpans explains the adjustments).
const string service = "frontend";
const string key = "db.operation.name";
const string value = "UPDATE";
const string nameA = "POST /api/checkout";
const string nameB = "INSERT charges";

var blocksDirectory = Path.Combine(directory, "traces", Tenant, "blocks");
if (!Directory.Exists(blocksDirectory))
{
    var build = Stopwatch.StartNew();
    var generator = new BenchSpans(seed: 7, startUnixNano: Start);
    Directory.CreateDirectory(blocksDirectory);
    while (generator.SpanCount < total)
    {
        var batches = new List<SpanBatch>();
        var end = Math.Min(total, generator.SpanCount + SpansPerBlock);
        while (generator.SpanCount < end) batches.Add(generator.Next(10));
        TraceBlockWriter.Write(blocksDirectory, batches);
        Console.Error.WriteLine($"  {generator.SpanCount:N0} spans in blocks ({build.Elapsed.TotalSeconds:F0} s)");
    }
    Console.Error.WriteLine($"built in {build.Elapsed.TotalSeconds:F0} s; load average {File.ReadAllText("/proc/loadavg").Trim()}");
}

await using var store = new EmbeddedTraceStore(new StorageOptions { DataDirectory = directory, RunBackgroundTasks = false });
await store.StartAsync();
var stats = store.GetStats();
var range = new TimeRange(Start - 60_000_000_000, Start + 4_000_000_000_000);
Console.WriteLine($"{stats.BlockSpans:N0} spans in {stats.BlockCount} blocks ({stats.BlockBytes / (double)stats.BlockSpans:F1} bytes/span); "
    + $"service={service} attribute={key}={value} names={nameA},{nameB}; load average {File.ReadAllText("/proc/loadavg").Trim()}");

// 1. The scan alone: a predicate on one column that page summaries cannot skip (every page holds a slow trace).
Console.WriteLine("\n| storage scan, one thread | spans evaluated | traces yielded | median wall | spans/s (wall) | spans per CPU-second |\n|---|---|---|---|---|---|");
SpanCondition[][] scans =
[
    [new(AttributeRef.Of(Intrinsic.Duration, "duration"), ConditionOperator.Greater, StaticValue.OfDuration(500_000_000))],
    [new(AttributeRef.Of(Intrinsic.Status, "status"), ConditionOperator.Equal, new StaticValue(StaticKind.Status, (long)StatusCode.Error)),
     new(AttributeRef.Of(Intrinsic.Kind, "kind"), ConditionOperator.Equal, new StaticValue(StaticKind.Kind, (long)SpanKind.Server)),
     new(AttributeRef.Of(Intrinsic.Duration, "duration"), ConditionOperator.Greater, StaticValue.OfDuration(500_000_000))],
    [new(AttributeRef.Span("http.status_code"), ConditionOperator.Equal, StaticValue.Of(500L))],
    [new(AttributeRef.Span(key), ConditionOperator.Equal, StaticValue.Of(value))],
];
foreach (var conditions in parts.Contains("scan") ? scans : [])
{
    var walls = new List<double>();
    var cpus = new List<double>();
    FetchStatistics last = new();
    long traces = 0;
    for (var round = 0; round <= runs; round++)
    {
        var s = new FetchStatistics();
        var request = new FetchSpansRequest(range, conditions) { Statistics = s };
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        traces = store.FetchTraces(Tenant, request).LongCount();
        var wall = clock.Elapsed.TotalSeconds;
        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        if (round == 0) continue; // warm-up: JIT, page cache
        walls.Add(wall);
        cpus.Add(used);
        last = s;
    }
    var text = string.Join(" && ", conditions.Select(c => $"{c.Attribute} {c.Operator} {c.Operand}"));
    Console.WriteLine($"| `{text}` | {last.SpansEvaluated:N0} (+{last.SpansSkipped:N0} skipped by page summaries) | {traces:N0} | {Median(walls) * 1000:F0} ms "
        + $"| {last.SpansEvaluated / Median(walls) / 1e6:F1}M | {last.SpansEvaluated / Median(cpus) / 1e6:F1}M |");
}

// 2. Metrics over the whole range (before the searches: they are the slower part under load). Storage counts
// the eligible ones over block columns (ITraceReader.AggregateSpans); "rows" repeats a query on the span-by-span path.
var metrics = new TraceQLMetricsEngine(store);
var rowMetrics = new TraceQLMetricsEngine(store, new MetricsLimits { UseColumnarAggregates = false });
Console.WriteLine($"\n| metrics query | path | series | median of {runs} | max | CPU (median) | spans inspected | spans/s (wall) | spans per CPU-second |\n|---|---|---|---|---|---|---|---|---|");
(string Query, bool Rows)[] metricQueries =
[
    ("{ } | rate() by (resource.service.name)", false),
    ("{ } | rate() by (resource.service.name)", true),
    ("{ duration > 500ms } | count_over_time()", false),
    ("{ span.http.status_code = 500 } | count_over_time() by (resource.service.name)", false),
    ("{ status = error } | count_over_time() by (name)", false),
    ("{ } | quantile_over_time(duration, 0.5, 0.99) by (resource.service.name)", false),
    ("{ } | count_over_time() by (span.http.status_code)", false),
    ($$"""{ resource.service.name = "{{service}}" } | quantile_over_time(duration, 0.5, 0.99)""", false),
];
foreach (var (q, rowPath) in parts.Contains("metrics") ? metricQueries : [])
{
    MetricsResult? result = null;
    var times = new List<double>();
    var cpus = new List<double>();
    for (var round = 0; round <= runs; round++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        result = (rowPath ? rowMetrics : metrics).QueryRange(Tenant, q, range.StartUnixNano, range.EndUnixNano, 15_000_000_000);
        if (round == 0) continue;
        times.Add(clock.Elapsed.TotalSeconds);
        cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }
    Console.WriteLine($"| `{q}` | {(rowPath ? "rows" : "columns")} | {result!.Series.Count} | {Median(times) * 1000:F0} ms | {times.Max() * 1000:F0} ms | {Median(cpus) * 1000:F0} ms "
        + $"| {result.InspectedSpans:N0} | {result.InspectedSpans / Median(times) / 1e6:F1}M | {result.InspectedSpans / Median(cpus) / 1e6:F1}M |");
}
// 3. Searches.
var searcher = new TraceQLSearcher(store);
Console.WriteLine($"\n| query | limit | traces | median of {runs} | max | CPU (median) | spans inspected | spans inspected/s | spans in range/s |\n|---|---|---|---|---|---|---|---|---|");
string[] searches =
[
    "{ span.http.status_code = 500 }",
    $$"""{ span.{{key}} = "{{value}}" }""",
    $$"""{ resource.service.name = "{{service}}" && duration > 500ms }""",
    "{ duration > 500ms }",
    $$"""{ name = "{{nameA}}" } >> { name = "{{nameB}}" }""",
];
foreach (var limit in parts.Contains("search") ? new[] { 20, 100_000 } : [])
{
    // Without a limit, only the goal's simple searches: the structural and common-value ones assemble most traces (tens of seconds).
    foreach (var q in limit == 20 ? searches : searches.Where(q => !q.Contains(">>", StringComparison.Ordinal) && !q.Contains(value, StringComparison.Ordinal)))
    {
        var parsed = TraceQLParser.Parse(q);
        TraceQLSearchResult? result = null;
        var times = new List<double>();
        var cpus = new List<double>();
        for (var round = 0; round <= runs; round++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            result = searcher.Search(Tenant, parsed, new TraceQLSearchRequest(range, limit));
            if (round == 0) continue;
            times.Add(clock.Elapsed.TotalSeconds);
            cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        }
        Console.WriteLine($"| `{q}` | {limit} | {result!.Traces.Count} | {Median(times) * 1000:F0} ms | {times.Max() * 1000:F0} ms | {Median(cpus) * 1000:F0} ms | {result.InspectedSpans:N0} "
            + $"| {result.InspectedSpans / Median(times) / 1e6:F1}M | {stats.BlockSpans / Median(times) / 1e6:F1}M |");
    }
}

Console.WriteLine($"\nload average after: {File.ReadAllText("/proc/loadavg").Trim()}; data kept in {directory}");

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}
