using BenchmarkDotNet.Attributes;
using Orrery.Signals.Logs;
using Orrery.Storage.Encodings;
using Orrery.Storage.Logs.Blocks;
using Orrery.Storage.Tests.Logs;

namespace Orrery.Benchmarks.Logs;

/// <summary>
/// One 1 MiB chunk of the realistic log mix (the busiest stream's lines with their metadata):
/// building and encoding it as a block cut does (columns, grams, bloom, Brotli), and decoding it
/// and walking every line as a query that reads it does. MB/s = <see cref="RawBytes"/> / mean.
/// </summary>
[MemoryDiagnoser]
public class LogChunkBenchmarks
{
    private readonly List<(long Ts, byte[] Line, (byte[] Name, byte[] Value)[] Metadata)> _lines = [];
    private readonly ChunkBuilder _builder = new();
    private readonly ByteBuffer _output = new(1 << 20);
    private byte[] _encoded = [];

    [Params(1, 5)]
    public int BrotliQuality { get; set; }

    public long RawBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var batch = new LogBatch();
        new RealisticLogs(seed: 5).Fill(batch, 100_000);
        var busiest = batch.Records.AsSpan().ToArray().GroupBy(r => r.Stream).MaxBy(g => g.Count())!.Key;
        for (var i = 0; i < batch.Records.Count && RawBytes < LogBlockWriteOptions.Default.ChunkTargetBytes; i++)
        {
            var r = batch.Records[i];
            if (r.Stream != busiest) continue;
            var metadata = batch.MetadataOf(i).ToArray().Select(m => (batch.Utf8(m.Name).ToArray(), batch.Utf8(m.Value).ToArray())).ToArray();
            _lines.Add((r.TimestampNs, batch.Utf8(r.Line).ToArray(), metadata));
            RawBytes += r.Line.Length + 8 + metadata.Sum(m => m.Item1.Length + m.Item2.Length);
        }
        Encode();
        _encoded = _output.Written.ToArray();
        Console.WriteLine($"// {_lines.Count} lines, {RawBytes} raw bytes -> {_encoded.Length} encoded ({(double)RawBytes / _encoded.Length:F1}x)");
    }

    [Benchmark]
    public int Encode()
    {
        _builder.Reset();
        foreach (var (ts, line, metadata) in _lines)
        {
            _builder.AddLine(ts, line);
            foreach (var (name, value) in metadata) _builder.AddMetadata(name, value);
        }
        _output.Clear();
        _builder.Encode(_output, new ChunkCompression { BrotliQuality = BrotliQuality }, LogBlockWriteOptions.Default.BloomBitsPerKey);
        return _output.Length;
    }

    [Benchmark]
    public long DecodeAndRead()
    {
        using var chunk = DecodedChunk.Decode(_encoded);
        long sum = 0;
        for (var i = 0; i < chunk.Count; i++)
        {
            sum += chunk.Timestamp(i) + chunk.Line(i).Length;
            for (var k = 0; k < chunk.MetadataNameCount; k++)
            {
                if (chunk.HasMetadata(k, i)) sum += chunk.MetadataValue(k, i).Length;
            }
        }
        return sum;
    }
}
