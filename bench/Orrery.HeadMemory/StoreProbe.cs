using System.Diagnostics;
using System.Runtime;
using Orrery.Signals;
using Orrery.Storage;
using Orrery.Storage.Metrics.Embedded;

namespace Orrery.HeadMemory;

/// <summary>
/// The whole store, as the server runs it (WAL written, fsync once a second, no background cuts):
/// memory per series after the load, as is and after full collections, and the ingest cost.
/// </summary>
internal static class StoreProbe
{
    /// <summary>Workers sending at once, as <c>orrery gen metrics</c>'s default in the side-by-side run.</summary>
    private const int Workers = 8;

    public static async Task RunAsync(GeneratedLoad load)
    {
        var directory = Directory.CreateTempSubdirectory("orrery-head-memory-");
        try
        {
            var options = new MetricStorageOptions
            {
                RunBackgroundTasks = false,
                Limits = new CardinalityLimits { MaxActiveSeries = int.MaxValue, MaxSeriesPerMetric = int.MaxValue },
            };
            await using var store = new EmbeddedMetricStore(new StorageOptions { DataDirectory = directory.FullName, RunBackgroundTasks = false }, options);
            await store.StartAsync();
            var idle = MemoryReading.AfterFullCollection();
            using var self = Process.GetCurrentProcess();
            var cpu0 = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => load.ForEachBatchAsync(async batch =>
            {
                var result = await store.ConsumeAsync(Tenant.Default, batch);
                if (result.AcceptedSamples != batch.SampleCount) throw new InvalidOperationException($"only {result.AcceptedSamples} of {batch.SampleCount} accepted: {result.ErrorMessage}");
            }, w, Workers))));
            var wall = clock.Elapsed;
            self.Refresh();
            var cpu = self.TotalProcessorTime - cpu0;
            var asIs = MemoryReading.AsIs();
            var collected = MemoryReading.AfterFullCollection();
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            Console.WriteLine($"GC: server={GCSettings.IsServerGC} latency={GCSettings.LatencyMode} conserve={Environment.GetEnvironmentVariable("DOTNET_GCConserveMemory") ?? "-"} cores={Environment.ProcessorCount}");
            Console.WriteLine($"load: {load.Series:N0} series x {load.Rounds} rounds = {load.Samples:N0} samples in {wall.TotalSeconds:F1} s wall, {cpu.TotalSeconds:F1} s CPU (process): {(load.Samples / wall.TotalSeconds).ToString("N0", inv)} samples/s, {(cpu.TotalSeconds / (load.Samples / 1e6)).ToString("F2", inv)} CPU s per 1M samples");
            Console.WriteLine($"| reading | {MemoryReading.Header} |");
            Console.WriteLine($"| after the load, as is (net of idle) | {asIs.PerSeries(idle, load.Series)} |");
            Console.WriteLine($"| after full collections (net of idle) | {collected.PerSeries(idle, load.Series)} |");
            Console.WriteLine($"idle process: RSS {idle.RssBytes / 1048576.0:F0} MiB, live {idle.LiveBytes / 1048576.0:F0} MiB; after: RSS as is {asIs.RssBytes / 1048576.0:F0} MiB, after full GC {collected.RssBytes / 1048576.0:F0} MiB");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
