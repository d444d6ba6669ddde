using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Google.Protobuf;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Configuration;
using Orrery.Pipeline.Exporters;
using Orrery.Receive.Otlp;
using Orrery.Signals.Traces;
using Orrery.Storage;
using Orrery.Storage.Traces.Embedded;
using Orrery.Workload;

namespace Orrery.PipelineBench;

/// <summary>
/// <c>Orrery.PipelineBench profile [spans] [rounds]</c>: where the pipeline's time goes, one stage
/// at a time, with one writer. Each stage is timed by wall clock and by the process's CPU time
/// (all threads: the store's and the GC's included), per span, median of the rounds.
/// </summary>
internal static class Profile
{
    private const string Tenant = "bench";

    public static async Task RunAsync(long total, int rounds)
    {
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        var start = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000) * 1_000_000;
        var generator = new RealisticTraceGenerator(seed: 7, startUnixNano: start);
        var payloads = new List<byte[]>();
        while (generator.SpanCount < total) payloads.Add(generator.NextRequest(500).ToByteArray());
        var spans = generator.SpanCount;
        Console.WriteLine($"{spans:N0} spans in {payloads.Count} batches, one writer");

        var stages = new (string Name, string? Yaml, bool Store)[]
        {
            ("store", null, true),
            ("receiver fan-out to two pipelines (one copy), discard", TwoPipelines, false),
            ("spanmetrics", Connector("spanmetrics"), false),
            ("servicegraph", Connector("servicegraph"), false),
            ("tail_sampling keep-all, discard", Sampling, false),
            ("tail_sampling keep-all, store", Sampling, true),
            ("full keep-all, discard", BenchPipelines.Full(BenchPipelines.KeepAll, TimeSpan.FromSeconds(1)), false),
            ("full keep-all, store", BenchPipelines.Full(BenchPipelines.KeepAll, TimeSpan.FromSeconds(1)), true),
        };
        var results = stages.ToDictionary(s => s.Name, _ => new List<(double Wall, double Cpu)>());
        for (var round = -1; round < rounds; round++)
        {
            foreach (var (name, yaml, store) in stages)
            {
                var (wall, cpu) = await RunStage(payloads, yaml, store);
                if (round >= 0) results[name].Add((wall / spans * 1e6, cpu / spans * 1e6));
            }
        }
        Console.WriteLine("\n| stage | wall µs/span | CPU µs/span |\n|---|---|---|");
        foreach (var (name, _, _) in stages)
        {
            var r = results[name];
            Console.WriteLine($"| {name} | {Median(r.Select(x => x.Wall)):F2} | {Median(r.Select(x => x.Cpu)):F2} |");
        }
        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static async Task<(double Wall, double Cpu)> RunStage(List<byte[]> payloads, string? yaml, bool useStore)
    {
        var directory = Path.Combine(Path.GetTempPath(), "orrery-pipeline-profile-" + Guid.NewGuid().ToString("N"));
        using var meter = new Meter("pipeline-profile-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var store = new EmbeddedTraceStore(new StorageOptions { DataDirectory = directory });
            await store.StartAsync();
            var discard = new CountingTraceSink();
            ITraceConsumer terminal = useStore ? store : discard;
            PipelineGraph? graph = null;
            var consumer = terminal;
            if (yaml is not null)
            {
                graph = PipelineConfig.Parse(yaml).Build(new PipelineTerminals(terminal, new CountingMetricSink(), null), new PipelineContext(TimeProvider.System, meter, null));
                consumer = graph.For(ReceiverTypes.Otlp).Traces!;
            }
            var batches = new List<SpanBatch>(payloads.Count);
            foreach (var payload in payloads)
            {
                var batch = new SpanBatch();
                OtlpTraceProtobufReader.Read(payload, batch);
                batches.Add(batch);
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < batches.Count; i++)
            {
                var batch = batches[i];
                batches[i] = null!;
                await consumer.ConsumeAsync(Tenant, batch);
            }
            if (graph is not null) await graph.DisposeAsync();
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            return (wall, (process.TotalProcessorTime - cpu0).TotalSeconds);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private const string TwoPipelines = """
        receivers:
          otlp:
        exporters:
          orrery:
        service:
          pipelines:
            traces/a:
              receivers: [otlp]
              exporters: [orrery]
            traces/b:
              receivers: [otlp]
              exporters: [orrery]
        """;

    private const string Sampling = """
        receivers:
          otlp:
        processors:
          tail_sampling:
            decision_wait: 1s
            num_traces: 1000000
            policies:
              - { name: all, type: always_sample }
        exporters:
          orrery:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [tail_sampling]
              exporters: [orrery]
        """;

    private static string Connector(string type) => $$"""
        receivers:
          otlp:
        connectors:
          {{type}}:
        exporters:
          orrery:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [{{type}}]
            metrics:
              receivers: [{{type}}]
              exporters: [orrery]
        """;
}
