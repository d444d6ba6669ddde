using Orrery.Signals;
using Orrery.Storage.Traces.Blocks;
using Xunit.Abstractions;

namespace Orrery.Storage.Tests.Blocks;

public sealed class BlockSizeTests(ITestOutputHelper output)
{
    [Fact]
    public void Realistic_spans_take_few_bytes_each_and_read_back_unchanged()
    {
        using var dir = new BlockTestDirectory();
        var generator = new RealisticSpans(seed: 7);
        var batches = Enumerable.Range(0, 10).Select(_ => generator.NextBatch(1_000)).ToList();

        var meta = TraceBlockWriter.Write(dir.Path, batches);

        var bytesPerSpan = (double)meta.SizeBytes / meta.SpanCount;
        var informationBytes = generator.InformationBits / 8 / generator.SpansGenerated;
        output.WriteLine($"spans={meta.SpanCount} traces={meta.TraceCount} block={meta.SizeBytes} bytes");
        output.WriteLine($"bytes/span on disk: {bytesPerSpan:F2} (target <= 60)");
        output.WriteLine($"information content: {informationBytes:F2} bytes/span (entropy of the generator's choices)");
        Assert.Equal(100_000, meta.SpanCount);
        Assert.True(bytesPerSpan < 120, $"{bytesPerSpan:F1} bytes/span");

        using var block = TraceBlock.Open(Path.Combine(dir.Path, meta.Id.ToString()));
        var expected = SpanText.All(batches);
        expected.Sort(StringComparer.Ordinal);
        var actual = SpanText.All(block.ReadAll());
        actual.Sort(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }
}
