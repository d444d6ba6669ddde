using Orrery.Storage.Metrics.Blocks;
using Xunit.Abstractions;
using static Orrery.Storage.Tests.Metrics.Blocks.MetricBlockTestData;

namespace Orrery.Storage.Tests.Metrics.Blocks;

/// <summary>Bytes per sample on disk, index and meta.json included, for three 2-hour blocks and their compaction.</summary>
public sealed class CompressionTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(0, 0.8)]
    [InlineData(3, 0.8)]
    [InlineData(10, 0.8)]
    public void BytesPerSampleAfterCompaction(int jitterMs, double bound)
    {
        const int SamplesPerBlock = 480;
        var blocks = new List<MetricBlock>();
        long samples = 0;
        for (var b = 0; b < 3; b++)
        {
            var start = 1_700_000_000_000 + b * SamplesPerBlock * RealisticSeries.Interval;
            var data = RealisticSeries.Generate(targets: 50, start, SamplesPerBlock, jitterMs, seed: b);
            samples += data.Sum(d => d.Samples.Count);
            var meta = MetricBlockWriter.Write(_dir, data.OrderBy(d => d.Labels).Select(d => Series(d.Labels, d.Samples)).ToList(), start, start + SamplesPerBlock * RealisticSeries.Interval);
            blocks.Add(MetricBlock.Open(Path.Combine(_dir, meta.Id)));
        }
        var before = blocks.Sum(DiskBytes);
        var compacted = MetricBlockCompactor.Compact(blocks, _dir);
        using var merged = MetricBlock.Open(Path.Combine(_dir, compacted.Id));
        foreach (var block in blocks) block.Dispose();

        Assert.Equal(samples, compacted.NumSamples);
        var perSample = DiskBytes(merged) / (double)samples;
        var index = new FileInfo(Path.Combine(merged.Directory, "index")).Length / (double)samples;
        output.WriteLine($"jitter ±{jitterMs} ms, {compacted.NumSeries} series, {samples} samples: 2h blocks {before / (double)samples:F3} B/sample, " +
            $"compacted {perSample:F3} B/sample (index {index:F3})");
        Assert.True(perSample < bound, $"{perSample:F3} bytes a sample");
    }

    private static long DiskBytes(MetricBlock block) =>
        new DirectoryInfo(block.Directory).EnumerateFiles().Sum(f => f.Length);
}
