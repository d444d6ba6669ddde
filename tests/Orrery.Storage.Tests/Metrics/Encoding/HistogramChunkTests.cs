using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Storage.Tests.Metrics.Encoding;

public class HistogramChunkTests
{
    private static NativeHistogram H(double count, double sum, BucketSpanRow[] spans, double[] buckets, int schema = 2) => new()
    {
        Schema = schema,
        ZeroThreshold = 1e-128,
        ZeroCount = 1,
        Count = count,
        Sum = sum,
        PositiveSpans = spans,
        PositiveBuckets = buckets,
        NegativeSpans = [new BucketSpanRow { Offset = 0, Length = 1 }],
        NegativeBuckets = [count - buckets.Sum() - 1],
    };

    private static BucketSpanRow Span(int offset, uint length) => new() { Offset = offset, Length = length };

    private static void AssertSame(NativeHistogram expected, NativeHistogram actual)
    {
        Assert.Equal(expected.Schema, actual.Schema);
        Assert.Equal(BitConverter.DoubleToUInt64Bits(expected.ZeroThreshold), BitConverter.DoubleToUInt64Bits(actual.ZeroThreshold));
        Assert.Equal(BitConverter.DoubleToUInt64Bits(expected.Sum), BitConverter.DoubleToUInt64Bits(actual.Sum));
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.ZeroCount, actual.ZeroCount);
        Assert.Equal(expected.ResetHint, actual.ResetHint);
        Assert.Equal(expected.PositiveSpans, actual.PositiveSpans);
        Assert.Equal(expected.NegativeSpans, actual.NegativeSpans);
        Assert.Equal(expected.PositiveBuckets, actual.PositiveBuckets);
        Assert.Equal(expected.NegativeBuckets, actual.NegativeBuckets);
    }

    private static void AssertRoundTrip(IReadOnlyList<(long T, NativeHistogram H)> samples)
    {
        var chunk = new HistogramChunk();
        foreach (var (t, h) in samples) chunk.Append(t, h);
        foreach (var it in new[] { chunk.Iterator(), Chunks.Iterate(chunk.Bytes.ToArray()) })
        {
            var reused = new NativeHistogram();
            for (var i = 0; i < samples.Count; i++)
            {
                Assert.Equal(SampleKind.Histogram, it.Next());
                Assert.Equal(samples[i].T, it.TimestampMs);
                AssertSame(samples[i].H, it.Histogram(reused));
            }
            Assert.Equal(SampleKind.None, it.Next());
        }
    }

    [Fact]
    public void IntegerHistogramsWithChangingLayoutRoundTrip()
    {
        var samples = new List<(long, NativeHistogram)>();
        for (var i = 0; i < 150; i++)
        {
            var spans = i < 50 ? new[] { Span(-3, 2), Span(2, 3) } : i < 100 ? [Span(-3, 6)] : [Span(-5, 1), Span(1, 6), Span(4, 1)];
            var buckets = Enumerable.Range(0, (int)spans.Sum(s => s.Length)).Select(b => (double)(i * (b + 1) + b)).ToArray();
            var h = H(buckets.Sum() + 1 + i, i * 0.1, spans, buckets, schema: i < 120 ? 2 : 1);
            h.ResetHint = (CounterResetHint)(i % 4);
            samples.Add((1_700_000_000_000 + i * 15_000L + i % 3, h));
        }
        AssertRoundTrip(samples);
    }

    [Fact]
    public void FloatCountsAfterIntegerOnesReencodeTheChunk()
    {
        var chunk = new HistogramChunk();
        var samples = new List<(long, NativeHistogram)>
        {
            (1, H(10, 1, [Span(0, 2)], [3, 4])),
            (2, H(12, 2, [Span(0, 2)], [4, 5])),
            (3, H(12.5, 2.5, [Span(0, 2)], [4.25, 5])),
            (4, H(13, StaleMarker.Value, [Span(0, 2)], [4.5, 5])),
        };
        foreach (var (t, h) in samples) chunk.Append(t, h);
        Assert.True(chunk.FloatCounts);
        AssertRoundTrip(samples);
    }

    [Fact]
    public void EmptyHistogramRoundTrips() =>
        AssertRoundTrip([(5, new NativeHistogram { Schema = -4, Sum = double.NaN })]);

    [Fact]
    public void AppendRejectsBucketsTheSpansDoNotCover() =>
        Assert.Throws<ArgumentException>(() => new HistogramChunk().Append(1, new NativeHistogram { PositiveSpans = [Span(0, 3)], PositiveBuckets = [1, 2] }));

    [Fact]
    public void IntegerCountsCompressWell()
    {
        var chunk = new HistogramChunk();
        var random = new Random(3);
        var buckets = new double[20];
        for (var i = 0; i < 120; i++)
        {
            for (var b = 0; b < buckets.Length; b++) buckets[b] += random.Next(0, 4);
            chunk.Append(i * 15_000L, H(buckets.Sum() + 1 + 7, i, [Span(0, 20)], (double[])buckets.Clone()));
        }
        // 22 counts a sample; a Prometheus-style float encoding would need 2-3 bytes each.
        var perCount = chunk.Bytes.Length / (120.0 * 22);
        Assert.True(perCount < 0.6, $"{perCount:F2} bytes a count");
    }

    [Fact]
    public void SeekOnHistograms()
    {
        var chunk = new HistogramChunk();
        for (var i = 0; i < 5; i++) chunk.Append(i * 10L, H(2, i, [], []));
        var it = chunk.Iterator();
        Assert.Equal(SampleKind.Histogram, it.Seek(15));
        Assert.Equal(20, it.TimestampMs);
        Assert.Equal(2, it.Histogram().Sum);
        Assert.Equal(SampleKind.None, it.Seek(41));
    }
}
