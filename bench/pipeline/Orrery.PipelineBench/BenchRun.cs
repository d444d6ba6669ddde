using System.Diagnostics;
using System.Diagnostics.Metrics;
using Orrery.Generate.Traces;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Configuration;
using Orrery.Pipeline.Exporters;
using Orrery.Receive.Otlp;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage;
using Orrery.Storage.Traces.Embedded;

namespace Orrery.PipelineBench;

/// <summary>
/// What one timed run measured: wall and process CPU time (all threads), spans that reached the
/// end, derived samples, the garbage collector's share, and the wall time until the writers were
/// done (the rest is the graph's disposal: the traces still held decided and forwarded).
/// </summary>
internal readonly record struct RunResult(double WallSeconds, double CpuSeconds, long Spans, long Samples, GcWork Gc, double FeedSeconds, double FeedCpuSeconds);

/// <summary>The garbage collector's work during a run: bytes allocated, collections per generation, time paused.</summary>
internal readonly record struct GcWork(long AllocatedBytes, int Gen0, int Gen1, int Gen2, double PauseSeconds)
{
    public static GcWork Now() => new(GC.GetTotalAllocatedBytes(precise: false), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration().TotalSeconds);

    public GcWork Since(GcWork start) => new(AllocatedBytes - start.AllocatedBytes, Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2, PauseSeconds - start.PauseSeconds);
}

/// <summary>The data and the timed run both modes of the benchmark share.</summary>
internal static class BenchRun
{
    public const string Tenant = "bench";

    /// <summary>Called when a run's clock starts and stops (the allocation sampler counts only the timed part).</summary>
    public static Action? TimedStarted { get; set; }

    public static Action? TimedStopped { get; set; }

    /// <summary>Realistic traces (orrery gen's "realistic" preset, seed 7), started ten minutes ago, as OTLP/protobuf requests.</summary>
    public static List<byte[]> RealisticPayloads(long spans, int spansPerRequest)
    {
        var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000) * 1_000_000;
        return TracePayloads.Create(new RealisticTraceShape(seed: 7), spans, spansPerRequest, start);
    }

    /// <summary>Decoded as the OTLP receiver decodes them; untimed, fresh for every run: consumers take ownership and may keep them.</summary>
    public static List<SpanBatch> Decode(List<byte[]> payloads)
    {
        var batches = new List<SpanBatch>(payloads.Count);
        foreach (var payload in payloads)
        {
            var batch = new SpanBatch();
            OtlpTraceProtobufReader.Read(payload, batch);
            batches.Add(batch);
        }
        return batches;
    }

    public static int CountTraces(List<byte[]> payloads)
    {
        var ids = new HashSet<TraceId>();
        foreach (var batch in Decode(payloads))
        {
            foreach (ref var span in batch.Spans.AsSpan()) ids.Add(span.TraceId);
        }
        return ids.Count;
    }

    public static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary><paramref name="writers"/> concurrent writers, each taking every writers-th batch in order.</summary>
    public static async Task FeedAsync(ITraceConsumer consumer, List<SpanBatch> batches, int writers)
    {
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = w; i < batches.Count; i += writers)
            {
                // The consumer owns the batch from here: dropping our reference keeps the heap what a
                // receiver's would be (a 2 GB heap of already-consumed batches makes every full GC slower).
                var batch = batches[i];
                batches[i] = null!;
                await consumer.ConsumeAsync(Tenant, batch);
            }
        }));
        await Task.WhenAll(tasks);
    }

    /// <summary>
    /// The payloads through <paramref name="yaml"/>'s graph (null: straight into the terminal), into a
    /// fresh embedded store or a counting sink. Timed until the graph is disposed: that decides every
    /// still-buffered trace and flushes the connectors, so every span has reached the end (or been
    /// dropped by a policy) when the clock stops.
    /// </summary>
    public static Task<RunResult> RunAsync(List<byte[]> payloads, string? yaml, bool useStore, int writers) =>
        RunAsync(() => Decode(payloads), yaml, useStore, writers);

    /// <summary>As above, with the batches made (untimed) by <paramref name="makeBatches"/>.</summary>
    public static async Task<RunResult> RunAsync(Func<List<SpanBatch>> makeBatches, string? yaml, bool useStore, int writers)
    {
        var directory = Path.Combine(Path.GetTempPath(), "orrery-pipeline-bench-" + Guid.NewGuid().ToString("N"));
        using var meter = new Meter("pipeline-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var store = new EmbeddedTraceStore(new StorageOptions { DataDirectory = directory });
            await store.StartAsync();
            var discard = new CountingTraceSink();
            var metrics = new CountingMetricSink();
            ITraceConsumer terminal = useStore ? store : discard;
            var graph = yaml is null ? null : PipelineConfig.Parse(yaml).Build(new PipelineTerminals(terminal, metrics, null), new PipelineContext(TimeProvider.System, meter, null));
            var consumer = graph is null ? terminal : graph.For(ReceiverTypes.Otlp).Traces!;
            var batches = makeBatches();
            Settle();
            using var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var gc0 = GcWork.Now();
            PerfControl.Enable();
            TimedStarted?.Invoke();
            var clock = Stopwatch.StartNew();
            await FeedAsync(consumer, batches, writers);
            var fed = clock.Elapsed.TotalSeconds;
            process.Refresh();
            var fedCpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            if (graph is not null) await graph.DisposeAsync();
            var wall = clock.Elapsed.TotalSeconds;
            PerfControl.Disable();
            TimedStopped?.Invoke();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            var gc = GcWork.Now().Since(gc0);
            var stats = store.GetStats();
            return new RunResult(wall, cpu, useStore ? stats.HeadSpans + stats.BlockSpans : discard.Spans, metrics.Samples, gc, fed, fedCpu);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
