using BenchmarkDotNet.Attributes;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Orrery.Generate.Traces;
using Orrery.Receive.Otlp;
using Orrery.Signals.Traces;

namespace Orrery.Benchmarks;

/// <summary>
/// Orrery's hand-written OTLP protobuf reader against Google.Protobuf's generated parser on the
/// same realistic payloads (orrery gen's "realistic" preset). Throughput in MB/s is payload bytes / mean time (bench/README.md).
/// </summary>
[MemoryDiagnoser]
public class OtlpDecodeBenchmarks
{
    private byte[] _payload = [];
    private readonly SpanBatch _batch = new();

    [Params(100, 1000)]
    public int SpansPerRequest { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = TracePayloads.Create(new RealisticTraceShape(seed: 7), SpansPerRequest, SpansPerRequest, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000)[0];
        Console.WriteLine($"// payload: {_payload.Length} bytes for {SpansPerRequest} spans");
    }

    [Benchmark(Baseline = true)]
    public int GoogleProtobuf() => ExportTraceServiceRequest.Parser.ParseFrom(_payload).ResourceSpans.Count;

    [Benchmark]
    public int Orrery()
    {
        // The batch is reused: receivers pool batches, so steady-state decoding allocates nothing.
        _batch.Clear();
        return OtlpTraceProtobufReader.Read(_payload, _batch).AcceptedSpans;
    }
}
