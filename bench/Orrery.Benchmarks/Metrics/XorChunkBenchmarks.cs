using BenchmarkDotNet.Attributes;
using Orrery.Storage.Metrics;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Benchmarks.Metrics;

/// <summary>
/// Float chunk speed on one head-sized chunk (120 samples, 15 s scrapes with ±3 ms jitter):
/// append as the head does, iterate as a query does, and Encode as compaction does (three modes
/// tried). Times are per sample (OperationsPerInvoke), so samples/s = 1e9 / mean ns. The chunk's
/// bytes a sample is printed at setup.
/// </summary>
[MemoryDiagnoser]
public class XorChunkBenchmarks
{
    private const int Samples = XorChunk.TargetSamples;

    private readonly long[] _timestamps = new long[Samples];
    private readonly double[] _values = new double[Samples];
    private XorChunk _chunk = new();

    /// <summary>Counter: +0..10 a scrape; Gauge: ±0.50 walk at 2 decimals; Float: values with no short decimal form (XOR mode).</summary>
    [Params("Counter", "Gauge", "Float")]
    public string Kind { get; set; } = "Counter";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var v = 1000.0;
        for (var i = 0; i < Samples; i++)
        {
            _timestamps[i] = 1_700_000_000_000 + i * 15_000L + random.Next(-3, 4);
            _values[i] = v;
            v = Kind switch
            {
                "Counter" => v + random.Next(0, 11),
                "Gauge" => Math.Round(v + random.Next(-50, 51) / 100.0, 2),
                _ => v * (1 + (random.NextDouble() - 0.5) / 100),
            };
        }
        _chunk = Append();
        Console.WriteLine($"// {Kind}: {_chunk.Bytes.Length / (double)Samples:F3} bytes/sample appended, " +
            $"{XorChunk.Encode(_timestamps, _values).Bytes.Length / (double)Samples:F3} encoded for compaction");
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public XorChunk Append()
    {
        var chunk = new XorChunk();
        for (var i = 0; i < Samples; i++) chunk.Append(_timestamps[i], _values[i]);
        return chunk;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public double Iterate()
    {
        var it = _chunk.Iterator();
        var sum = 0.0;
        while (it.Next() == SampleKind.Float) sum += it.Value;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public int EncodeForCompaction() => XorChunk.Encode(_timestamps, _values).Bytes.Length;
}
