using System.Globalization;
using Orrery.PromQLBench;

// orrery-promql-bench load  --endpoint URL --series N [--rounds 241] --end-ms T [--batch 2000] [--concurrency 4] [--seed 42]
// orrery-promql-bench query --orrery URL --prometheus URL --end-ms T [--rounds 241] [--step-ms 15000] [--runs 7]
// orrery-promql-bench time  --endpoint URL --queries FILE --start-ms T --end-ms T [--step-ms 15000] [--runs 7]
//   (one server, the queries of FILE one a line; tab-separated medians for bench/side-by-side/metrics.sh)
// bench/promql/promql-bench.sh runs both against an Orrery and a Prometheus it starts.
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
string Get(string name, string? fallback = null) =>
    options.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"{name} is required");
long Long(string name, string? fallback = null) => long.Parse(Get(name, fallback), CultureInfo.InvariantCulture);
int Int(string name, string? fallback = null) => int.Parse(Get(name, fallback), CultureInfo.InvariantCulture);

var rounds = Int("--rounds", "241");
var endMs = Long("--end-ms");
switch (args.Length > 0 ? args[0] : "")
{
    case "load":
        await Loader.RunAsync(new Uri(Get("--endpoint")), Int("--series"), rounds, endMs, Int("--batch", "2000"), Int("--concurrency", "4"), Int("--seed", "42"));
        return 0;
    case "query":
        var startMs = endMs - ((rounds - 1) * Loader.IntervalMs);
        return await QueryTimer.RunAsync(new Uri(Get("--orrery")), new Uri(Get("--prometheus")), startMs, endMs, Long("--step-ms", "15000"), Int("--runs", "7"));
    case "time":
        var queries = File.ReadAllLines(Get("--queries")).Where(q => q.Trim().Length > 0 && !q.TrimStart().StartsWith('#')).ToList();
        return await SingleServerTimer.RunAsync(new Uri(Get("--endpoint")), queries, Long("--start-ms"), endMs, Long("--step-ms", "15000"), Int("--runs", "7"));
    default:
        Console.Error.WriteLine("usage: orrery-promql-bench load|query|time [options] (see Program.cs)");
        return 2;
}
