using System.Diagnostics;
using System.Globalization;
using System.Text;
using Orrery.Query.LogQL.Engine;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Logs;
using Orrery.Storage.Logs;
using Orrery.Storage.Logs.Embedded;
using Orrery.Storage.Tests.Logs;
using Orrery.Storage.Wal;

namespace Orrery.LogsBench;

/// <summary>
/// Sustained ingest with block cuts, then searches, over the realistic mix: a pool of unique
/// lines (generated before timing) is sent round after round through
/// <see cref="EmbeddedLogStore.ConsumeAsync"/> by concurrent writers, each round shifted by a
/// whole number of seconds (so the lines' printed times keep their sub-second digits) until
/// <c>total</c> lines are in. The background loop cuts 256 MiB head parts into blocks while
/// writers go on (appends wait when two parts are unwritten), so the rate includes cuts.
/// Then LogQL queries in process, each run <c>runs</c> times, the median reported.
/// </summary>
internal static class TenMillionLines
{
    /// <summary>A word no generated line holds, in one line of the pool (so once per round).</summary>
    private const string RareWord = "zebrafish";

    private const string CommonWord = "completed";

    public static async Task RunAsync(long total, int poolLines, int writers, int runs, string? keepDirectory)
    {
        const int linesPerBatch = 2000;
        Console.WriteLine($"load average before: {BenchRuns.LoadAverage()}");
        var pool = new List<LogBatch>();
        // Times start an hour ago: retention (30 days) must not take the blocks while we measure.
        var logs = new RealisticLogs(seed: 77, startNs: (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000) * 1_000_000);
        TraceId someTrace = default;
        long someTraceTs = 0;
        for (var done = 0; done < poolLines; done += linesPerBatch)
        {
            var batch = new LogBatch();
            logs.Fill(batch, linesPerBatch);
            if (pool.Count == 7) AddRareLine(batch);
            if (pool.Count == poolLines / linesPerBatch / 2)
            {
                var traced = batch.Records.AsSpan().ToArray().First(r => !r.TraceId.IsEmpty);
                (someTrace, someTraceTs) = (traced.TraceId, traced.TimestampNs);
            }
            pool.Add(batch);
        }
        var first = pool[0].Records[0].TimestampNs;
        var last = pool[^1].Records[pool[^1].Records.Count - 1].TimestampNs;
        var shift = ((last - first) / 1_000_000_000 + 1) * 1_000_000_000;
        var rawPerRound = logs.RawBytes;
        Console.WriteLine($"pool: {logs.Lines} lines, {logs.RawBytes / 1e6:F0} MB raw, {(last - first) / 1e9:F0} s of time; round shift {shift / 1e9:F0} s");

        var directory = keepDirectory ?? Directory.CreateTempSubdirectory("orrery-logs-bench-").FullName;
        var options = new LogStorageOptions { DataDirectory = directory, WalSyncMode = WalSyncMode.Interval };
        await using var store = new EmbeddedLogStore(options);
        await store.StartAsync();

        var rounds = (int)Math.Ceiling((double)total / (pool.Count * linesPerBatch));
        var sendOrder = Enumerable.Range(0, rounds).SelectMany(r => Enumerable.Range(0, pool.Count).Select(b => (Round: r, Batch: b))).ToList();
        var next = -1;
        long sent = 0, rejected = 0;
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        var roundDone = new int[rounds];
        var roundOf = new int[pool.Count];
        var gate = new object();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= sendOrder.Count || Interlocked.Read(ref sent) >= total) return;
                var (round, b) = sendOrder[i];
                var batch = pool[b];
                // A batch is re-sent only after its previous round is in (writers take batches in order).
                lock (gate)
                {
                    while (roundOf[b] != round) Monitor.Wait(gate);
                    var records = batch.Records.AsSpan();
                    for (var k = 0; k < records.Length; k++) records[k].TimestampNs += round == 0 ? 0 : shift;
                }
                var result = await store.ConsumeAsync("default", batch);
                Interlocked.Add(ref sent, result.AcceptedLines);
                Interlocked.Add(ref rejected, result.RejectedLines);
                lock (gate)
                {
                    roundOf[b] = round + 1;
                    Monitor.PulseAll(gate);
                }
            }
        }))).ConfigureAwait(false);
        var ingestWall = clock.Elapsed;
        var ingestCpu = Environment.CpuUsage.TotalTime - cpuBefore;
        var atEnd = store.GetStats();
        store.CutHeadOnce();
        var allWall = clock.Elapsed;
        var allCpu = Environment.CpuUsage.TotalTime - cpuBefore;
        var stats = store.GetStats();
        var raw = rawPerRound * ((double)sent / poolLines);
        Console.WriteLine($"ingest: {sent:N0} lines accepted ({rejected} rejected) by {writers} writers in {ingestWall.TotalSeconds:F1} s wall = {sent / ingestWall.TotalSeconds:N0} lines/s; " +
            $"process CPU {ingestCpu.TotalSeconds:F1} s = {sent / (ingestCpu.TotalSeconds / 2):N0} lines per 2 CPU-seconds");
        Console.WriteLine($"  at the end of ingest: {atEnd.Blocks} blocks ({atEnd.BlockLines:N0} lines), head {atEnd.HeadLines:N0} lines; load average {BenchRuns.LoadAverage()}");
        Console.WriteLine($"  with the final cut of the head: {allWall.TotalSeconds:F1} s wall = {sent / allWall.TotalSeconds:N0} lines/s; CPU {allCpu.TotalSeconds:F1} s = {sent / (allCpu.TotalSeconds / 2):N0} lines per 2 CPU-seconds");
        Console.WriteLine($"  on disk: {stats.Blocks} blocks, {stats.BlockLines:N0} lines, {stats.BlockBytes / 1e6:F0} MB for {raw / 1e6:F0} MB raw = {raw / stats.BlockBytes:F1}x");

        var engine = new LogQLEngine(store, LogQLLimits.Default with { MaxEntries = 100_000, Timeout = TimeSpan.FromMinutes(10) });
        var start = first - 1;
        var end = last + (rounds - 1) * shift + 1;
        var traceHex = someTrace.ToHex();
        Console.WriteLine($"queries over [{start}, {end}) ({(end - start) / 1e9 / 60:F1} min), {runs} runs each, median; load average {BenchRuns.LoadAverage()}");
        Console.WriteLine("| query | what | result | median | min | max | median process CPU | lines scanned |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Query(engine, runs, $"{{k8s_namespace_name=\"shop\"}} |= \"{RareWord}\"", "rare word, limit 100", start, end, 100);
        Query(engine, runs, $"{{k8s_namespace_name=\"shop\"}} |= \"{CommonWord}\"", "common word, first 100 (backward)", start, end, 100);
        Query(engine, runs, $"sum(count_over_time({{k8s_namespace_name=\"shop\"}} |= \"{CommonWord}\" [{(end - start) / 1_000_000_000 + 1}s]))", "common word to the end (instant count)", end, end, 0);
        Scan(store, runs, CommonWord, start, end);
        // The pool's trace ids come back every round: over the whole range a trace id names one
        // trace per round; within its round's window (as Grafana asks around a trace) just one.
        Query(engine, runs, $"{{service_name=~\".+\"}} | trace_id=\"{traceHex}\"", $"logs of one trace id, whole range ({rounds} rounds)", start, end, 1000);
        var traceAt = someTraceTs + (rounds - 1) * shift;
        Query(engine, runs, $"{{service_name=~\".+\"}} | trace_id=\"{traceHex}\"", "logs of one trace, its window ±1 min", traceAt - 60_000_000_000, traceAt + 60_000_000_000, 1000);
        Query(engine, runs, "sum by (detected_level) (count_over_time({service_name=\"checkout\", deployment_environment=\"prod\"} | detected_level=~\"warn|error\" [1m]))",
            "label-filtered count_over_time, step 1m", start, end, 0, stepNs: 60_000_000_000);
        Console.WriteLine($"load average after: {BenchRuns.LoadAverage()}");
        if (keepDirectory is null) Directory.Delete(directory, recursive: true);
    }

    /// <summary>Queries a directory a <c>run</c> left (e.g. after it stopped): the range is the last 3 hours to 1 hour ahead, the trace one found there.</summary>
    public static async Task QueryOnlyAsync(string directory, int runs)
    {
        var options = new LogStorageOptions { DataDirectory = directory, WalSyncMode = WalSyncMode.None, RunBackgroundTasks = false };
        await using var store = new EmbeddedLogStore(options);
        await store.StartAsync();
        var stats = store.GetStats();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        long start = now - 3 * 3_600_000_000_000, end = now + 3_600_000_000_000;
        Console.WriteLine($"{stats.Blocks} blocks, {stats.BlockLines:N0} lines, head {stats.HeadLines:N0}; load average {BenchRuns.LoadAverage()}");
        var engine = new LogQLEngine(store, LogQLLimits.Default with { MaxEntries = 100_000, Timeout = TimeSpan.FromMinutes(10) });
        var sample = (StreamsResult)engine.Execute("default", new LogQLRequest("{service_name=\"cart\"} | trace_id=~\".+\"", start, end, 0, LogDirection.Forward, 1));
        var traceHex = sample.Entries[0].StructuredMetadata.Get("trace_id");
        var traceAt = sample.Entries[0].TimestampNs;
        Console.WriteLine("| query | what | result | median | min | max | median process CPU | lines scanned |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Query(engine, runs, $"{{k8s_namespace_name=\"shop\"}} |= \"{RareWord}\"", "rare word, limit 100", start, end, 100);
        Query(engine, runs, $"{{k8s_namespace_name=\"shop\"}} |= \"{CommonWord}\"", "common word, first 100 (backward)", start, end, 100);
        Query(engine, runs, $"{{service_name=~\".+\"}} | trace_id=\"{traceHex}\"", "logs of one trace id, whole range (10 rounds)", start, end, 1000);
        Query(engine, runs, $"{{service_name=~\".+\"}} | trace_id=\"{traceHex}\"", "logs of one trace, its window ±1 min", traceAt - 60_000_000_000, traceAt + 60_000_000_000, 1000);
        Query(engine, runs, "sum by (detected_level) (count_over_time({service_name=\"checkout\", deployment_environment=\"prod\"} | detected_level=~\"warn|error\" [1m]))",
            "label-filtered count_over_time, step 1m", start, end, 0, stepNs: 60_000_000_000);
        Scan(store, runs, CommonWord, start, end);
        Console.WriteLine($"load average after: {BenchRuns.LoadAverage()}");
    }

    private static void Query(LogQLEngine engine, int runs, string query, string what, long start, long end, int limit, long stepNs = 0)
    {
        var result = "";
        long scanned = 0;
        var t = BenchRuns.Time(runs, () =>
        {
            var r = engine.Execute("default", new LogQLRequest(query, start, end, stepNs, LogDirection.Backward, limit));
            scanned = r.Statistics.LinesScanned;
            result = BenchRuns.Describe(r);
        });
        Report($"`{query}`", what, result, t, scanned);
    }

    /// <summary>Every line holding the word, read to the end through the store's cursors (no LogQL): what "to the end" costs below the engine.</summary>
    private static void Scan(ILogReader store, int runs, string word, long start, long end)
    {
        long matches = 0;
        var request = new LogSelectRequest([new LabelMatcher(Orrery.Signals.Labels.MatchType.Equal, "k8s_namespace_name", "shop")], new TimeRange(start, end), LogDirection.Forward, [Encoding.UTF8.GetBytes(word)]);
        var t = BenchRuns.Time(runs, () => matches = BenchRuns.CountLines(store, request));
        Report($"store cursors, `{word}` required", "common word to the end (cursor scan)", $"{matches:N0} lines", t, matches);
    }

    private static void Report(string query, string what, string result, Timings t, long scanned) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {query} | {what} | {result} | {t.MedianWallMs:F1} ms | {t.WallMs[0]:F1} ms | {t.WallMs[^1]:F1} ms | {t.MedianCpuMs:F0} ms | {scanned:N0} |"));

    private static void AddRareLine(LogBatch batch)
    {
        var template = batch.Records[0];
        var metadata = batch.Metadata.Count;
        batch.AddMetadata("severity_text", "ERROR");
        batch.AddMetadata("detected_level", "error");
        batch.Records.Add(template with
        {
            Line = batch.Bytes.Append($"{{\"level\":\"error\",\"msg\":\"payment declined: issuer {RareWord} unavailable\",\"status\":502}}"),
            Metadata = new RowRange(metadata, 2),
            TraceId = default,
            SpanId = default,
        });
    }
}
