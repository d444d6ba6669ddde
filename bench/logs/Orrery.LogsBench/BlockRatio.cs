using Orrery.Signals.Logs;
using Orrery.Storage.Logs.Blocks;
using Orrery.Storage.Logs.Embedded;
using Orrery.Storage.Tests.Logs;
using Orrery.Storage.Wal;

namespace Orrery.LogsBench;

/// <summary>The compression ratio on disk as the store test measures it: the realistic mix through ConsumeAsync, cut into one block (chunks, blooms, index).</summary>
internal static class BlockRatio
{
    public static async Task RunAsync(int lines, int quality)
    {
        var directory = Directory.CreateTempSubdirectory("orrery-logs-ratio-").FullName;
        try
        {
            var options = new LogStorageOptions
            {
                DataDirectory = directory,
                WalSyncMode = WalSyncMode.None,
                RunBackgroundTasks = false,
                HeadMaxBytes = long.MaxValue / 4,
                BlockFormat = new LogBlockWriteOptions { Compression = new ChunkCompression { BrotliQuality = quality } },
            };
            await using var store = new EmbeddedLogStore(options);
            await store.StartAsync();
            var logs = new RealisticLogs(seed: 42);
            for (var done = 0; done < lines; done += 2000)
            {
                var batch = new LogBatch();
                logs.Fill(batch, Math.Min(2000, lines - done));
                await store.ConsumeAsync("default", batch);
            }
            var cpu = Environment.CpuUsage.TotalTime;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            store.CutHeadOnce();
            var cutCpu = Environment.CpuUsage.TotalTime - cpu;
            var stats = store.GetStats();
            var blockDirectory = Directory.GetDirectories(Path.Combine(directory, "logs", "default", "blocks")).Single();
            var index = new FileInfo(Path.Combine(blockDirectory, LogBlockWriter.IndexFileName)).Length;
            Console.WriteLine($"{logs.Lines} lines, {logs.RawBytes / 1e6:F1} MB raw -> {stats.BlockBytes / 1e6:F2} MB on disk " +
                $"(index {index / 1e6:F2} MB): {(double)logs.RawBytes / stats.BlockBytes:F2}x, {(double)stats.BlockBytes / logs.Lines:F1} B/line; " +
                $"cut {clock.Elapsed.TotalSeconds:F1} s wall, {cutCpu.TotalSeconds:F1} s cpu (Brotli {quality})");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
