using System.Diagnostics;
using System.Globalization;
using System.Text;
using Orrery.Generate.Logs;
using Orrery.Query.LogQL.Engine;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Logs;
using Orrery.Storage.Logs;
using Orrery.Storage.Logs.Blocks;
using Orrery.Storage.Logs.Embedded;
using Orrery.Storage.Wal;

namespace Orrery.LogsBench;

/// <summary>
/// Where a full scan's time goes, on the lines of <c>orrery gen logs --streams 24 --seed 42</c>
/// (the side-by-side run's data, generated in process): chunk decode alone (MB/s of line bytes),
/// the store's cursors with an id required, and LogQL: the id with <c>|=</c> (bloom and token
/// filter), the same id with <c>|~</c> (no hints: the full scan) and a word in no line
/// (<c>!=</c> counted to the end). Median of <c>runs</c>, wall and process CPU.
/// </summary>
internal static class GeneratedScan
{
    public static async Task RunAsync(int lines, int runs, string? directoryArg)
    {
        Console.WriteLine($"load average before: {BenchRuns.LoadAverage()}");
        var directory = directoryArg ?? Directory.CreateTempSubdirectory("orrery-logs-scan-").FullName;
        var fresh = !Directory.Exists(Path.Combine(directory, "logs"));
        string id, word;
        var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000) * 1_000_000;
        if (fresh)
        {
            (id, word) = await GenerateAsync(directory, lines, start);
            await File.WriteAllTextAsync(Path.Combine(directory, "rare-id.txt"), id + "\n" + word);
        }
        else
        {
            var saved = (await File.ReadAllTextAsync(Path.Combine(directory, "rare-id.txt"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            (id, word) = (saved[0], saved.Length > 1 ? saved[1] : "zebrafish");
        }

        var options = new LogStorageOptions { DataDirectory = directory, WalSyncMode = WalSyncMode.None, RunBackgroundTasks = false };
        await using var store = new EmbeddedLogStore(options);
        await store.StartAsync();
        var stats = store.GetStats();
        Console.WriteLine($"{stats.Blocks} blocks, {stats.BlockLines:N0} lines, {stats.BlockBytes / 1e6:F1} MB on disk; head {stats.HeadLines:N0}; id {id}");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        long from = now - 6 * 3_600_000_000_000, to = now + 3_600_000_000_000;

        DecodeOnly(directory, runs);
        var matcher = new LabelMatcher(Orrery.Signals.Labels.MatchType.Equal, "deployment_environment", LogStreamSet.Environment);
        Cursors(store, runs, "store cursors, id required", new LogSelectRequest([matcher], new TimeRange(from, to), LogDirection.Forward, [Encoding.UTF8.GetBytes(id)]));
        var engine = new LogQLEngine(store, LogQLLimits.Default with { MaxEntries = 100_000, Timeout = TimeSpan.FromMinutes(10) });
        Console.WriteLine("| query | result | median wall | min | max | median process CPU | lines scanned |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Query(engine, runs, $"{{deployment_environment=\"orrery-gen\"}} |= \"{word}\"", from, to, 5000);
        Query(engine, runs, $"{{deployment_environment=\"orrery-gen\"}} |= \"{id}\"", from, to, 5000);
        Query(engine, runs, $"{{deployment_environment=\"orrery-gen\"}} |~ \"{id}|zebrafish\"", from, to, 5000);
        Query(engine, runs, $"sum(count_over_time({{deployment_environment=\"orrery-gen\"}} != \"zebrafish\" [{(to - from) / 1_000_000_000}s]))", to, to, 0);
        Console.WriteLine($"load average after: {BenchRuns.LoadAverage()}");
        if (directoryArg is null) Directory.Delete(directory, recursive: true);
    }

    /// <summary>Sends the generator's lines (4 workers' stream sets, as the side-by-side run) and cuts them into blocks; returns an id that occurs in one line's text and a user name that occurs in one line.</summary>
    private static async Task<(string Id, string Word)> GenerateAsync(string directory, int lines, long startNs)
    {
        const int workers = 4, batchLines = 1000;
        var sets = Enumerable.Range(0, workers).Select(w => new LogStreamSet(LogStreamSet.StreamsOf(w, workers, 24), 0, 42 + 7919 * w)).ToArray();
        var options = new LogStorageOptions { DataDirectory = directory, WalSyncMode = WalSyncMode.None };
        string? id = null;
        var users = new Dictionary<string, int>();
        await using (var store = new EmbeddedLogStore(options))
        {
            await store.StartAsync();
            var clock = Stopwatch.StartNew();
            var ns = startNs;
            for (var sent = 0; sent < lines; sent += batchLines)
            {
                var batch = new LogBatch();
                sets[sent / batchLines % workers].Fill(batch, Math.Min(batchLines, lines - sent), ns);
                ns += 1_000_000; // 1 ms a batch of 1,000 lines: ~1M lines/s of log time
                if (id is null && sent >= lines / 2) id = PickId(batch);
                CountUsers(batch, users);
                await store.ConsumeAsync("default", batch);
            }
            store.CutHeadOnce();
            Console.WriteLine($"generated {lines:N0} lines in {clock.Elapsed.TotalSeconds:F1} s");
        }
        var once = users.Where(u => u.Value == 1).Select(u => u.Key).Order(StringComparer.Ordinal).FirstOrDefault() ?? "zebrafish";
        Console.WriteLine($"{users.Count:N0} distinct user names, {users.Count(u => u.Value == 1):N0} in one line");
        return (id ?? throw new InvalidOperationException("no JSON line inside a span"), once);
    }

    /// <summary>Counts each line's user name (the generator's Zipf words; older generators wrote none).</summary>
    private static void CountUsers(LogBatch batch, Dictionary<string, int> users)
    {
        foreach (var r in batch.Records.AsSpan())
        {
            var line = batch.Utf8(r.Line);
            var at = line.IndexOf("user"u8);
            if (at < 0) continue;
            var rest = line[(at + 4)..];
            var start = rest.IndexOfAnyInRange((byte)'a', (byte)'z');
            if (start < 0 || rest.Length < start + Orrery.Generate.Logs.ZipfWords.Length) continue;
            var name = Encoding.ASCII.GetString(rest.Slice(start, Orrery.Generate.Logs.ZipfWords.Length));
            users[name] = users.GetValueOrDefault(name) + 1;
        }
    }

    private static string PickId(LogBatch batch)
    {
        foreach (var r in batch.Records.AsSpan())
        {
            var line = batch.Utf8(r.Line);
            if (!r.TraceId.IsEmpty && line.Length > 0 && line[0] == (byte)'{') return r.TraceId.ToHex();
        }
        return null!;
    }

    /// <summary>Every chunk read and decoded, nothing else: the codec and the template decode.</summary>
    private static void DecodeOnly(string directory, int runs)
    {
        var blocks = Directory.GetDirectories(Path.Combine(directory, "logs", "default", "blocks")).Select(LogBlock.Open).ToList();
        var times = new List<double>();
        var cpu = new List<double>();
        long lineBytes = 0, stored = 0;
        for (var run = 0; run < runs; run++)
        {
            lineBytes = 0;
            stored = 0;
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            foreach (var block in blocks)
            {
                foreach (var chunk in block.Chunks)
                {
                    using var data = block.ReadChunk(chunk);
                    lineBytes += chunk.LineBytes;
                    stored += chunk.Length;
                }
            }
            times.Add(clock.Elapsed.TotalMilliseconds);
            cpu.Add((Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds);
        }
        times.Sort();
        cpu.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decode only: {blocks.Sum(b => b.Chunks.Length)} chunks, {lineBytes / 1e6:F0} MB of lines ({stored / 1e6:F1} MB stored): median {times[times.Count / 2]:F0} ms wall = {lineBytes / 1e3 / times[times.Count / 2]:F0} MB/s, {cpu[cpu.Count / 2]:F0} ms CPU"));
        var chunks = blocks.SelectMany(b => b.Chunks.ToArray()).ToList();
        var chunkBytes = chunks.Sum(c => (long)c.Length);
        var blooms = chunks.Sum(c => c.Bloom.WordCount * 8L);
        var ids = chunks.Sum(c => (c.Ids?.WordCount ?? 0) * 8L);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"index: window blooms {blooms / 1e6:F2} MB, id filters {ids / 1e6:F2} MB ({chunks.Count(c => c.HasIdFilter)} of {chunks.Count} chunks have one) = {100.0 * ids / (chunkBytes + blooms):F1}% of chunks + blooms ({(chunkBytes + blooms) / 1e6:F1} MB)"));
        foreach (var b in blocks) b.Dispose();
    }

    private static void Cursors(ILogReader store, int runs, string what, LogSelectRequest request)
    {
        long matches = 0;
        var t = BenchRuns.Time(runs, () => matches = BenchRuns.CountLines(store, request));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {matches} lines, median {t.MedianWallMs:F1} ms wall, {t.MedianCpuMs:F0} ms CPU"));
    }

    private static void Query(LogQLEngine engine, int runs, string query, long start, long end, int limit)
    {
        var result = "";
        long scanned = 0;
        var t = BenchRuns.Time(runs, () =>
        {
            var r = engine.Execute("default", new LogQLRequest(query, start, end, 0, LogDirection.Backward, limit));
            scanned = r.Statistics.LinesScanned;
            result = BenchRuns.Describe(r);
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| `{query}` | {result} | {t.MedianWallMs:F1} ms | {t.WallMs[0]:F1} ms | {t.WallMs[^1]:F1} ms | {t.MedianCpuMs:F0} ms | {scanned:N0} |"));
    }
}
