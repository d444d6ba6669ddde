using Orrery.Signals.Labels;
using Orrery.Storage.Metrics.Blocks;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// What a cut takes from one series: its chunks before the window end and out-of-order samples.
/// In-order chunks go to the block as they are, without re-encoding; only a series with
/// out-of-order samples (or overlapping chunks) is decoded, merged and encoded again. Chunk bytes
/// are read from the chunk files only when the block writer reaches the series, so a cut holds
/// one series' bytes at a time.
/// </summary>
internal sealed class CutSeries(HeadSeries series, LabelSet labels, HeadChunkRef[] chunks, OooSample[] outOfOrder)
{
    public HeadSeries Series { get; } = series;

    public LabelSet Labels { get; } = labels;

    public HeadChunkRef[] Chunks { get; } = chunks;

    public OooSample[] OutOfOrder { get; } = outOfOrder;

    public long MinTimeMs => Math.Min(Chunks.Length == 0 ? long.MaxValue : Chunks.Min(c => c.MinTimeMs), OutOfOrder.Length == 0 ? long.MaxValue : OutOfOrder[0].TimestampMs);

    public long MaxTimeMs => Math.Max(Chunks.Length == 0 ? long.MinValue : Chunks.Max(c => c.MaxTimeMs), OutOfOrder.Length == 0 ? long.MinValue : OutOfOrder[^1].TimestampMs);

    public BlockSeries ToBlockSeries(HeadChunkFiles files)
    {
        var sorted = Chunks.OrderBy(c => c.MinTimeMs).Select(c => new ChunkRef(c.MinTimeMs, c.MaxTimeMs, files.Read(c.Location))).ToList();
        var disjoint = true;
        for (var i = 1; i < sorted.Count && disjoint; i++) disjoint = sorted[i].MinTimeMs > sorted[i - 1].MaxTimeMs;
        if (disjoint && OutOfOrder.Length == 0)
        {
            return new BlockSeries(Labels, sorted.Select(c => new EncodedChunk(c.MinTimeMs, c.MaxTimeMs, c.Bytes)).ToArray());
        }
        return new BlockSeries(Labels, Reencode(new MergedSeries(Labels, sorted, OutOfOrder.Length == 0 ? null : OutOfOrder).Iterator()));
    }

    /// <summary>Encodes merged samples into fresh chunks of at most <see cref="XorChunk.TargetSamples"/>, a new one at each change of kind.</summary>
    public static List<EncodedChunk> Reencode(ISampleIterator it)
    {
        var result = new List<EncodedChunk>();
        XorChunk? floats = null;
        HistogramChunk? histograms = null;
        for (var kind = it.Next(); kind != SampleKind.None; kind = it.Next())
        {
            if (kind == SampleKind.Float)
            {
                if (histograms is not null) Flush(ref histograms, result);
                if (floats is { Count: >= XorChunk.TargetSamples }) Flush(ref floats, result);
                floats ??= new XorChunk();
                floats.Append(it.TimestampMs, it.Value);
            }
            else
            {
                if (floats is not null) Flush(ref floats, result);
                if (histograms is { Count: >= XorChunk.TargetSamples }) Flush(ref histograms, result);
                histograms ??= new HistogramChunk();
                // A fresh instance per sample: the chunk may keep the previous one to delta-encode against.
                histograms.Append(it.TimestampMs, it.Histogram());
            }
        }
        if (floats is not null) Flush(ref floats, result);
        if (histograms is not null) Flush(ref histograms, result);
        return result;
    }

    private static void Flush(ref XorChunk? chunk, List<EncodedChunk> result)
    {
        result.Add(new EncodedChunk(chunk!.MinTimeMs, chunk.MaxTimeMs, chunk.Bytes.ToArray()));
        chunk = null;
    }

    private static void Flush(ref HistogramChunk? chunk, List<EncodedChunk> result)
    {
        result.Add(new EncodedChunk(chunk!.MinTimeMs, chunk.MaxTimeMs, chunk.Bytes.ToArray()));
        chunk = null;
    }
}
