namespace Orrery.PipelineBench;

/// <summary>
/// <c>Orrery.PipelineBench profile [spans] [rounds]</c>: where the pipeline's time goes, one stage
/// at a time, with one writer. Each stage is timed by wall clock and by the process's CPU time
/// (all threads: the store's and the GC's included), per span, median of the rounds.
/// </summary>
internal static class Profile
{
    public static async Task RunAsync(long total, int rounds, string? only = null)
    {
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        var payloads = BenchRun.RealisticPayloads(total, 500);
        var spans = payloads.Count * 500L;
        Console.WriteLine($"{spans:N0} spans in {payloads.Count} batches, one writer");

        var sampling = BenchPipelines.SamplingOnly(1_000_000, "1s");
        var full = BenchPipelines.Full(BenchPipelines.KeepAll, TimeSpan.FromSeconds(1));
        var stages = new (string Name, string? Yaml, bool Store)[]
        {
            ("store", null, true),
            ("receiver fan-out to two pipelines (one copy), discard", BenchPipelines.TwoPipelines, false),
            ("spanmetrics", BenchPipelines.Connector("spanmetrics"), false),
            ("servicegraph", BenchPipelines.Connector("servicegraph"), false),
            ("tail_sampling keep-all, discard", sampling, false),
            ("tail_sampling keep-all, store", sampling, true),
            ("full keep-all, discard", full, false),
            ("full keep-all, store", full, true),
            ("tail_sampling 10%, store", BenchPipelines.SamplingOnly(1_000_000, "1s", BenchPipelines.TenPercent), true),
            ("full 10%, store", BenchPipelines.Full(BenchPipelines.TenPercent, TimeSpan.FromSeconds(1)), true),
        };
        // An optional third argument keeps only the stages whose name contains it (a quicker look at one part).
        if (only is not null) stages = stages.Where(s => s.Name.Contains(only, StringComparison.Ordinal)).ToArray();
        var results = stages.ToDictionary(s => s.Name, _ => new List<(double Wall, double Cpu, double FeedCpu, GcWork Gc)>());
        using var allocations = AllocationSampler.FromEnvironment();
        for (var round = -1; round < rounds; round++)
        {
            foreach (var (name, yaml, store) in stages)
            {
                // Only the timed part of the last round is counted (not the decoding before it).
                BenchRun.TimedStarted = round == rounds - 1 ? allocations is null ? null : allocations.Start : null;
                BenchRun.TimedStopped = allocations is null ? null : allocations.Stop;
                var run = await BenchRun.RunAsync(payloads, yaml, store, writers: 1);
                if (round == rounds - 1 && allocations is not null)
                {
                    Console.WriteLine($"{name}, last round:");
                    allocations.Print(spans);
                }
                if (round >= 0) results[name].Add((run.WallSeconds / spans * 1e6, run.CpuSeconds / spans * 1e6, run.FeedCpuSeconds / spans * 1e6, run.Gc));
            }
        }
        Console.WriteLine("\n| stage | wall µs/span | CPU µs/span | of it while writing | allocated B/span | GC pause µs/span | gen0/1/2 collections |\n|---|---|---|---|---|---|---|");
        foreach (var (name, _, _) in stages)
        {
            var r = results[name];
            var gc = r.OrderBy(x => x.Cpu).ElementAt(r.Count / 2).Gc; // the median-CPU round's
            Console.WriteLine($"| {name} | {BenchRun.Median(r.Select(x => x.Wall)):F2} | {BenchRun.Median(r.Select(x => x.Cpu)):F2} | {BenchRun.Median(r.Select(x => x.FeedCpu)):F2} | {gc.AllocatedBytes / (double)spans:F0} | {gc.PauseSeconds / spans * 1e6:F3} | {gc.Gen0}/{gc.Gen1}/{gc.Gen2} |");
        }
        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
