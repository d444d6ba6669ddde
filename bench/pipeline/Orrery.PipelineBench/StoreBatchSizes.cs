using Orrery.Signals.Traces;

namespace Orrery.PipelineBench;

/// <summary>
/// <c>Orrery.PipelineBench storesize [spans] [rounds] [writers=2]</c>: the same spans straight into
/// the embedded trace store in batches of different sizes (regrouped from the receiver's 500-span
/// batches, untimed), to choose the size a tail sampler gathers the kept rows of partly kept
/// batches into. Wall and process CPU time (all threads), GC collections and pause, medians.
/// </summary>
internal static class StoreBatchSizes
{
    private static readonly int[] Sizes = [50, 100, 250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000];

    public static async Task RunAsync(long total, int rounds, int writers)
    {
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        var payloads = BenchRun.RealisticPayloads(total, 500);
        var spans = payloads.Count * 500L;
        Console.WriteLine($"{spans:N0} spans into the store in batches of each size, {writers} writers");
        var results = Sizes.ToDictionary(s => s, _ => new List<RunResult>());
        for (var round = -1; round < rounds; round++)
        {
            foreach (var size in Sizes)
            {
                var run = await BenchRun.RunAsync(() => Regroup(BenchRun.Decode(payloads), size), null, useStore: true, writers);
                if (round < 0) continue;
                results[size].Add(run);
                Console.WriteLine($"round {round + 1}: {size,6} spans/batch {spans / run.WallSeconds,12:N0} spans/s (CPU {run.CpuSeconds:F2} s; GC gen0/1/2 {run.Gc.Gen0}/{run.Gc.Gen1}/{run.Gc.Gen2}, paused {run.Gc.PauseSeconds * 1e3:F0} ms)");
            }
        }
        Console.WriteLine("\n| spans per batch | spans/s (median) | CPU µs/span (median) | allocated B/span | gen0/1/2 | GC pause ms |\n|---|---|---|---|---|---|");
        foreach (var size in Sizes)
        {
            var r = results[size];
            var mid = r.OrderBy(x => x.CpuSeconds).ElementAt(r.Count / 2);
            Console.WriteLine($"| {size:N0} | {BenchRun.Median(r.Select(x => spans / x.WallSeconds)):N0} | {BenchRun.Median(r.Select(x => x.CpuSeconds / spans * 1e6)):F2} | {mid.Gc.AllocatedBytes / (double)spans:F0} | {mid.Gc.Gen0}/{mid.Gc.Gen1}/{mid.Gc.Gen2} | {mid.Gc.PauseSeconds * 1e3:F0} |");
        }
        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    /// <summary>The spans of <paramref name="batches"/>, in order, in batches of <paramref name="size"/> (the last may be smaller).</summary>
    private static List<SpanBatch> Regroup(List<SpanBatch> batches, int size)
    {
        var result = new List<SpanBatch>();
        SpanBatchCopier? copier = null;
        foreach (var batch in batches)
        {
            for (var row = 0; row < batch.Count; row++)
            {
                copier ??= new SpanBatchCopier(new SpanBatch());
                copier.CopySpan(batch, row);
                if (copier.Destination.Count < size) continue;
                result.Add(copier.Destination);
                copier = null;
            }
        }
        if (copier is not null) result.Add(copier.Destination);
        return result;
    }
}
