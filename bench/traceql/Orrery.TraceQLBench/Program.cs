using System.Diagnostics;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Orrery.Query.TraceQL.Engine;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Receive.Otlp;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage;
using Orrery.Storage.Traces.Embedded;
using Orrery.Workload;

// Usage: Orrery.TraceQLBench [spans=1000000]
// 1. Predicate throughput: TraceQLEvaluator.MatchesSpan over one in-memory batch (one core, no storage).
// 2. Search over an embedded store (blocks, after a restart): TraceQLSearcher latency and spans inspected/s,
//    next to a bare FetchTraces scan (storage decode alone) for the same range.
var total = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000) * 1_000_000;
var generator = new RealisticTraceGenerator(seed: 7, startUnixNano: start);
var batches = new List<SpanBatch>();
while (generator.SpanCount < total)
{
    var batch = new SpanBatch();
    OtlpTraceProtobufReader.Read(generator.NextRequest(10_000).ToByteArray(), batch);
    batches.Add(batch);
}
var first = batches[0];
var service = Encoding.UTF8.GetString(first.ServiceName(0));
var key = first.String(first.SpanAttributes[first.Spans[0].Attributes.Start].Key);
var value = first.String(first.SpanAttributes[first.Spans[0].Attributes.Start].Value.Bytes);
var nameA = first.String(first.Spans[0].Name);
var nameB = first.String(first.Spans[1].Name);
Console.WriteLine($"{generator.SpanCount:N0} spans in {batches.Count} batches; service={service} attribute={key}={value} names={nameA},{nameB}");

string[] queries =
[
    $$"""{ span.{{key}} = "{{value}}" }""",
    "{ status = error }",
    $$"""{ resource.service.name = "{{service}}" && duration > 45ms }""",
    "{ span.http.status_code = 500 }",
    $$"""{ name =~ "{{nameA[..4]}}.*" }""",
];
Console.WriteLine("\n| predicate (MatchesSpan, one core) | matched | spans/s |\n|---|---|---|");
foreach (var q in queries)
{
    var evaluator = TraceQLEvaluator.Compile(TraceQLParser.Parse(q));
    long matched = 0, spans = 0;
    var best = double.MaxValue;
    for (var round = 0; round < 5; round++)
    {
        matched = 0;
        spans = 0;
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            for (var row = 0; row < batch.Count; row++)
            {
                if (evaluator.MatchesSpan(batch, row)) matched++;
            }
            spans += batch.Count;
        }
        best = Math.Min(best, clock.Elapsed.TotalSeconds);
    }
    Console.WriteLine($"| `{q}` | {matched:N0} | {spans / best / 1e6:F1}M |");
}

var directory = Path.Combine(Path.GetTempPath(), "orrery-traceql-bench-" + Guid.NewGuid().ToString("N"));
var options = new StorageOptions { DataDirectory = directory };
try
{
    await using (var store = new EmbeddedTraceStore(options))
    {
        await store.StartAsync();
        foreach (var batch in batches) await store.ConsumeAsync("bench", batch);
    }
    batches.Clear();
    await using (var store = new EmbeddedTraceStore(options))
    {
        await store.StartAsync();
        Console.WriteLine($"\nstore: {store.GetStats()}");
        var range = new TimeRange(start - 3_600_000_000_000, start + 3_600_000_000_000);
        var scan = Stopwatch.StartNew();
        long scanned = 0;
        foreach (var part in store.FetchTraces("bench", Orrery.Storage.Traces.FetchSpansRequest.ForRange(range))) scanned += part.Rows.Length;
        Console.WriteLine($"bare FetchTraces (decode only): {scanned:N0} spans in {scan.Elapsed.TotalMilliseconds:F0} ms = {scanned / scan.Elapsed.TotalSeconds / 1e6:F2}M spans/s");

        var searcher = new TraceQLSearcher(store);
        Console.WriteLine("\n| query | limit | traces | best of 3 | spans inspected | spans inspected/s |\n|---|---|---|---|---|---|");
        string[] searches =
        [
            "{ span.http.status_code = 500 }",
            $$"""{ span.{{key}} = "{{value}}" }""",
            $$"""{ resource.service.name = "{{service}}" && duration > 500ms }""",
            $$"""{ resource.service.name = "{{service}}" && duration > 45ms }""",
            $$"""{ name = "{{nameA}}" } >> { name = "{{nameB}}" }""",
        ];
        foreach (var limit in new[] { 20, 100_000 })
        {
            foreach (var q in searches)
            {
                var parsed = TraceQLParser.Parse(q);
                TraceQLSearchResult? result = null;
                var best = double.MaxValue;
                for (var round = 0; round < 3; round++)
                {
                    var clock = Stopwatch.StartNew();
                    result = searcher.Search("bench", parsed, new TraceQLSearchRequest(range, limit));
                    best = Math.Min(best, clock.Elapsed.TotalSeconds);
                }
                Console.WriteLine($"| `{q}` | {limit} | {result!.Traces.Count} | {best * 1000:F0} ms | {result.InspectedSpans:N0} | {result.InspectedSpans / best / 1e6:F2}M |");
            }
        }
    }
}
finally
{
    Directory.Delete(directory, recursive: true);
}
