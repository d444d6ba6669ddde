using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics.Blocks;
using Orrery.Storage.Metrics.Encoding;
using static Orrery.Storage.Tests.Metrics.Blocks.MetricBlockTestData;

namespace Orrery.Storage.Tests.Metrics.Blocks;

public sealed class MetricBlockCompactorTests : IDisposable
{
    private readonly string _dir = TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private MetricBlock WriteBlock(IEnumerable<BlockSeries> series, long min, long max, int level = 1)
    {
        var meta = MetricBlockWriter.Write(_dir, series.OrderBy(s => s.Labels).ToList(), min, max, level);
        return MetricBlock.Open(Path.Combine(_dir, meta.Id));
    }

    [Fact]
    public void OverlappingBlocksKeepEverySampleOnce()
    {
        var a = LabelSet.From(("__name__", "a"));
        var b = LabelSet.From(("__name__", "b"));
        var c = LabelSet.From(("__name__", "c"));
        // Block 1: a at 0..999 (even), b at 0..499; block 2: a at 500..1499 (every 1, overlapping), c.
        var a1 = Enumerable.Range(0, 500).Select(i => (i * 2L, (double)i)).ToList();
        var b1 = Enumerable.Range(0, 500).Select(i => ((long)i, i * 0.5)).ToList();
        var a2 = Enumerable.Range(500, 1000).Select(i => ((long)i, -1.0 * i)).ToList();
        var c2 = Enumerable.Range(0, 10).Select(i => (i * 100L, double.NaN)).ToList();
        using var first = WriteBlock([Series(a, a1, 50), Series(b, b1)], 0, 1000);
        using var second = WriteBlock([Series(a, a2, 77), Series(c, c2)], 500, 1500, level: 2);

        var meta = MetricBlockCompactor.Compact([first, second], _dir);
        Assert.Equal(3, meta.Level);
        Assert.Equal(0, meta.MinTimeMs);
        Assert.Equal(1500, meta.MaxTimeMs);
        using var merged = MetricBlock.Open(Path.Combine(_dir, meta.Id));
        var all = merged.Select([], long.MinValue, long.MaxValue).ToDictionary(s => s.Labels);
        Assert.Equal(3, all.Count);

        // Where both have a timestamp, the first block's sample wins.
        var expectedA = a1.Concat(a2.Where(s => !a1.Any(x => x.Item1 == s.Item1))).OrderBy(s => s.Item1).ToList();
        Assert.Equal(expectedA, Samples(all[a]));
        Assert.Equal(b1, Samples(all[b]));
        Assert.Equal(c2.Select(s => s.Item1), Samples(all[c]).Select(s => s.T));
        Assert.All(Samples(all[c]), s => Assert.True(double.IsNaN(s.V)));
        Assert.Equal(expectedA.Count + b1.Count + c2.Count, meta.NumSamples);
        Assert.All(all[a].Chunks, ch => Assert.True(Chunks.SampleCount(ch.Bytes.Span) <= 2 * XorChunk.TargetSamples));
    }

    [Fact]
    public void HistogramAndFloatSamplesOfOneSeriesSurviveCompaction()
    {
        var s = LabelSet.From(("__name__", "latency"));
        var histogram = new HistogramChunk();
        for (var i = 0; i < 5; i++)
        {
            histogram.Append(1000 + i, new NativeHistogram
            {
                Schema = 3,
                Count = 10 + i,
                Sum = 1.5 * i,
                PositiveSpans = [new BucketSpanRow { Offset = -2, Length = 2 }],
                PositiveBuckets = [4, 6 + i],
            });
        }
        var floats = Series(s, Enumerable.Range(0, 10).Select(i => ((long)i, (double)i)));
        using var first = WriteBlock([floats], 0, 10);
        using var second = WriteBlock([new BlockSeries(s, [new EncodedChunk(1000, 1004, histogram.Bytes.ToArray())])], 1000, 1004);
        var meta = MetricBlockCompactor.Compact([first, second], _dir);
        using var merged = MetricBlock.Open(Path.Combine(_dir, meta.Id));
        var series = Assert.Single(merged.Select([], long.MinValue, long.MaxValue));
        Assert.Equal(2, series.Chunks.Count);
        Assert.Equal(10, Samples(series).Count);
        var hs = Histograms(series);
        Assert.Equal(5, hs.Count);
        Assert.Equal([4.0, 10.0], hs[^1].H.PositiveBuckets);
        Assert.Equal(1.5 * 4, hs[^1].H.Sum);
    }
}
