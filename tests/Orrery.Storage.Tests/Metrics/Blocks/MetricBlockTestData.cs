using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;
using Orrery.Storage.Metrics.Blocks;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Storage.Tests.Metrics.Blocks;

/// <summary>Builds block series from plain samples and reads them back.</summary>
internal static class MetricBlockTestData
{
    public static BlockSeries Series(LabelSet labels, IEnumerable<(long T, double V)> samples, int perChunk = XorChunk.TargetSamples)
    {
        var chunks = new List<EncodedChunk>();
        XorChunk? chunk = null;
        foreach (var (t, v) in samples)
        {
            if (chunk is null || chunk.Count == perChunk)
            {
                if (chunk is not null) chunks.Add(new EncodedChunk(chunk.MinTimeMs, chunk.MaxTimeMs, chunk.Bytes.ToArray()));
                chunk = new XorChunk();
            }
            chunk.Append(t, v);
        }
        if (chunk is not null) chunks.Add(new EncodedChunk(chunk.MinTimeMs, chunk.MaxTimeMs, chunk.Bytes.ToArray()));
        return new BlockSeries(labels, chunks);
    }

    public static List<(long T, double V)> Samples(BlockSeries series)
    {
        var samples = new List<(long, double)>();
        foreach (var c in series.Chunks)
        {
            var it = Chunks.Iterate(c.Bytes);
            while (it.Next() == SampleKind.Float) samples.Add((it.TimestampMs, it.Value));
        }
        return samples;
    }

    public static List<(long T, NativeHistogram H)> Histograms(BlockSeries series)
    {
        var samples = new List<(long, NativeHistogram)>();
        foreach (var c in series.Chunks)
        {
            var it = Chunks.Iterate(c.Bytes);
            while (it.Next() == SampleKind.Histogram) samples.Add((it.TimestampMs, it.Histogram()));
        }
        return samples;
    }

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "orrery-mblock-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
