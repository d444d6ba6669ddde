using System.Diagnostics;
using Orrery.Query.TraceQL.Engine;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;
using Orrery.Storage.Traces;

namespace Orrery.TraceQLBench;

/// <summary>
/// The side-by-side run's attribute search (a span-local query returning thousands of traces) over
/// an existing data directory, split into its phases: the storage scan the searcher does per time
/// window (filter on columns, then rows of the candidate traces), and the whole search (scan, then
/// result assembly). Wall time and the process's CPU time, median of the runs after one warm-up.
/// </summary>
internal static class ManySearch
{
    public const string Query = """{ resource.service.name = "frontend" && span.http.response.status_code = 500 }""";

    public static void Run(ITraceReader store, string tenant, TimeRange range, int runs, int limit = 10_000, int spss = 1_000)
    {
        var parsed = TraceQLParser.Parse(Query);
        var evaluator = TraceQLEvaluator.Compile(parsed);
        var windows = Windows(range, TraceQLSearchOptions.Default.Windows);
        Console.WriteLine($"\n`{Query}`, limit {limit}, spss {spss}, {windows.Count} windows; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("\n| phase | result | median wall | CPU (median) |\n|---|---|---|---|");

        long yielded = 0, spans = 0;
        Measure("storage scan per window (FetchTraces, all fields)", runs, () =>
        {
            yielded = spans = 0;
            foreach (var w in windows)
            {
                foreach (var part in store.FetchTraces(tenant, evaluator.FetchRequest(w)))
                {
                    yielded++;
                    spans += part.Rows.Length;
                }
            }
            return $"{yielded:N0} parts, {spans:N0} spans";
        });

        if (evaluator.ColumnarSearchRequest(range) is { } columnar)
        {
            Measure("columnar pass (SearchSpans, one pass, described over columns)", runs, () =>
            {
                var sink = new CountingSink();
                var rows = store.SearchSpans(tenant, columnar, sink).LongCount();
                return $"{sink.Traces:N0} traces described, {sink.Spans:N0} matched spans, {rows:N0} parts as rows";
            });
        }

        var searcher = new TraceQLSearcher(store);
        TraceQLSearchResult? result = null;
        Measure("whole search (TraceQLSearcher)", runs, () =>
        {
            result = searcher.Search(tenant, parsed, new TraceQLSearchRequest(range, limit, spss));
            var matched = result.Traces.Sum(t => t.Spansets.Sum(s => s.Matched));
            return $"{result.Traces.Count:N0} traces, {matched:N0} matched spans";
        });
        Console.WriteLine($"\nload average after: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private sealed class CountingSink : SpanSearchSink
    {
        public long Traces { get; private set; }

        public long Spans { get; private set; }

        public override void Add(TraceMatch trace)
        {
            Traces++;
            Spans += trace.Spans.Count;
        }
    }

    private static void Measure(string phase, int runs, Func<string> action)
    {
        var walls = new List<double>();
        var cpus = new List<double>();
        var text = "";
        for (var round = 0; round <= runs; round++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            text = action();
            if (round == 0) continue;
            walls.Add(clock.Elapsed.TotalMilliseconds);
            cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
        }
        Console.WriteLine($"| {phase} | {text} | {Median(walls):F0} ms | {Median(cpus):F0} ms |");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>The searcher's windows (TraceQLSearcher.Windows): equal slices from the end backwards.</summary>
    private static List<TimeRange> Windows(TimeRange range, int count)
    {
        var result = new List<TimeRange>();
        var width = (long)Math.Ceiling(((decimal)range.EndUnixNano - range.StartUnixNano + 1) / count);
        var end = range.EndUnixNano;
        for (var i = 0; i < count && end >= range.StartUnixNano; i++)
        {
            var start = i == count - 1 ? range.StartUnixNano : Math.Max(range.StartUnixNano, end - width + 1);
            result.Add(new TimeRange(start, end));
            end = start - 1;
        }
        return result;
    }
}
