using BenchmarkDotNet.Attributes;
using Orrery.Generate.Traces;
using Orrery.Receive.Otlp;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Benchmarks;

/// <summary>
/// Cutting a head into a block: <see cref="TraceBlockWriter.Write(string, IEnumerable{SpanBatch}, int)"/>
/// over ~100k realistic spans (orrery gen's "realistic" preset) decoded from OTLP the way the receiver does (500 spans per request,
/// one batch per request, as the head holds them). Spans/s = SpanCount / mean time.
/// </summary>
[MemoryDiagnoser]
public class TraceBlockWriteBenchmarks
{
    private const int SpansPerRequest = 500;
    private const int Requests = 200;

    private readonly List<SpanBatch> _batches = [];
    private string _directory = "";

    public int SpanCount { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        foreach (var payload in TracePayloads.Create(new RealisticTraceShape(seed: 11), (long)Requests * SpansPerRequest, SpansPerRequest, start))
        {
            var batch = new SpanBatch();
            OtlpTraceProtobufReader.Read(payload, batch);
            _batches.Add(batch);
            SpanCount += batch.Count;
        }
        _directory = Path.Combine(Path.GetTempPath(), "orrery-block-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);

        // One block up front, to report the size figure the speed must not cost.
        var meta = TraceBlockWriter.Write(_directory, _batches);
        Console.WriteLine($"// {meta.SpanCount} spans, {meta.SizeBytes} bytes = {(double)meta.SizeBytes / meta.SpanCount:F1} bytes/span");
    }

    [IterationCleanup]
    public void RemoveBlocks()
    {
        foreach (var dir in Directory.EnumerateDirectories(_directory)) Directory.Delete(dir, recursive: true);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public long Write() => TraceBlockWriter.Write(_directory, _batches).SpanCount;
}
