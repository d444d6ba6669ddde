using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics.Embedded;

namespace Orrery.HeadMemory;

/// <summary>
/// What one series costs in the head, by structure: each structure is built alone from the same
/// series (as <c>TenantHead</c> builds it) and the live heap measured after it, so a row is that
/// structure's bytes per series. Harness data (the label strings, the lists holding the parts)
/// is allocated before the reading it would distort.
/// </summary>
internal static class BreakdownProbe
{
    public static async Task RunAsync(GeneratedLoad load)
    {
        var series = new List<(Label[] Labels, ulong Hash)>(load.Series);
        await new GeneratedLoad(load.Series, 1).ForEachBatchAsync(batch =>
        {
            for (var i = 0; i < batch.Series.Count; i++)
            {
                var rows = batch.LabelsOf(i);
                var labels = new Label[rows.Length];
                for (var j = 0; j < rows.Length; j++) labels[j] = new Label(batch.String(rows[j].Name), batch.String(rows[j].Value));
                series.Add((labels, LabelHasher.Hash(batch.Bytes, rows)));
            }
            return ValueTask.CompletedTask;
        });
        var n = series.Count;
        var pairs = new int[n][];
        var heads = new HeadSeries[n];
        var rows = new List<(string Structure, double BytesPerSeries)>();
        var before = MemoryReading.AfterFullCollection().LiveBytes;
        void Measure(string structure)
        {
            var now = MemoryReading.AfterFullCollection().LiveBytes;
            rows.Add((structure, (now - before) / (double)n));
            before = now;
        }

        var symbols = new SymbolTable();
        foreach (var (labels, _) in series)
        {
            foreach (var label in labels)
            {
                symbols.Intern(label.Name);
                symbols.Intern(label.Value);
            }
        }
        Measure($"symbol table ({symbols.Count:N0} distinct strings)");

        for (var i = 0; i < n; i++)
        {
            var labels = series[i].Labels;
            var p = pairs[i] = new int[labels.Length * 2];
            for (var j = 0; j < labels.Length; j++)
            {
                p[2 * j] = symbols.Find(labels[j].Name);
                p[(2 * j) + 1] = symbols.Find(labels[j].Value);
            }
        }
        before = MemoryReading.AfterFullCollection().LiveBytes;

        var metricName = symbols.Find(LabelSet.MetricName);
        for (var i = 0; i < n; i++)
        {
            var name = -1;
            for (var j = 0; j < pairs[i].Length; j += 2) name = pairs[i][j] == metricName ? pairs[i][j + 1] : name;
            heads[i] = HeadSeriesFactory.Create(i + 1, pairs[i], name);
        }
        Measure("series objects with their labels (symbol-id pairs)");

        var byId = new SeriesById();
        for (var i = 0; i < n; i++) byId.Set(i + 1, heads[i]);
        Measure("series by id");

        var byHash = HeadSeriesFactory.NewHashRegistry();
        for (var i = 0; i < n; i++) HeadSeriesFactory.Register(byHash, series[i].Hash, heads[i]);
        Measure("series by label hash");

        Measure("(nothing: measurement noise)");
        var postings = new HeadPostings();
        for (var i = 0; i < n; i++) postings.Add(i + 1, pairs[i]);
        Measure("postings");

        // Closed chunks go to chunk files as in the store; their in-heap part is a reference each.
        var chunkDirectory = Directory.CreateTempSubdirectory("orrery-head-breakdown-");
        using var files = new HeadChunkFiles(chunkDirectory.FullName);
        var next = 0;
        await load.ForEachBatchAsync(batch =>
        {
            foreach (ref readonly var s in batch.Samples.AsSpan())
            {
                heads[next].AppendFloat(s.TimestampMs, s.Value, (long)TimeSpan.FromHours(2).TotalMilliseconds, 600_000, files);
                next = (next + 1) % n;
            }
            return ValueTask.CompletedTask;
        });
        Measure($"chunks ({load.Rounds} samples a series: the open one, references to closed ones)");

        var exemplars = new ExemplarBuffer(new MetricStorageOptions().MaxExemplars);
        Measure("exemplar buffer (empty, default capacity)");

        Console.WriteLine($"breakdown: {n:N0} series, {load.Rounds} samples each");
        Console.WriteLine("| structure | live bytes per series |");
        Console.WriteLine("|---|---|");
        foreach (var (structure, bytes) in rows) Console.WriteLine($"| {structure} | {bytes:F1} |");
        Console.WriteLine($"| total | {rows.Sum(r => r.BytesPerSeries):F1} |");
        GC.KeepAlive(series);
        GC.KeepAlive(pairs);
        GC.KeepAlive(symbols);
        GC.KeepAlive(byId);
        GC.KeepAlive(byHash);
        GC.KeepAlive(postings);
        GC.KeepAlive(exemplars);
        GC.KeepAlive(heads);
        files.Dispose();
        chunkDirectory.Delete(recursive: true);
    }
}
