using Orrery.Signals.Labels;

namespace Orrery.Storage.Metrics.Blocks;

/// <summary>Merges metric blocks into one, streaming: one series of every input at a time.</summary>
public static class MetricBlockCompactor
{
    /// <summary>
    /// Merges blocks (they may overlap: samples merged by timestamp, a duplicate timestamp kept once,
    /// from the first block in <paramref name="blocks"/> that has it) into one new block in
    /// <paramref name="parentDirectory"/> at level max(levels)+1, its chunks re-encoded in their
    /// smallest form. Does not delete the inputs (the store does, after swapping them out).
    /// </summary>
    public static BlockMeta Compact(IReadOnlyList<MetricBlock> blocks, string parentDirectory)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(parentDirectory);
        if (blocks.Count == 0) throw new ArgumentException("nothing to compact", nameof(blocks));
        var level = blocks.Max(b => b.Meta.Level) + 1;
        var min = blocks.Min(b => b.Meta.MinTimeMs);
        var max = blocks.Max(b => b.Meta.MaxTimeMs);
        return MetricBlockWriter.Write(parentDirectory, MergeSeries(blocks), min, max, level);
    }

    /// <summary>A k-way merge of the inputs' series, which each block yields sorted by labels.</summary>
    private static IEnumerable<BlockSeries> MergeSeries(IReadOnlyList<MetricBlock> blocks)
    {
        var cursors = blocks.Select(b => b.Select([], long.MinValue, long.MaxValue).GetEnumerator()).ToArray();
        try
        {
            var live = cursors.Select(c => c.MoveNext()).ToArray();
            var sources = new List<IReadOnlyList<EncodedChunk>>();
            while (true)
            {
                LabelSet? next = null;
                for (var i = 0; i < cursors.Length; i++)
                {
                    if (live[i] && (next is null || cursors[i].Current.Labels.CompareTo(next) < 0)) next = cursors[i].Current.Labels;
                }
                if (next is null) yield break;
                sources.Clear();
                for (var i = 0; i < cursors.Length; i++)
                {
                    if (!live[i] || !cursors[i].Current.Labels.Equals(next)) continue;
                    sources.Add(cursors[i].Current.Chunks);
                    live[i] = cursors[i].MoveNext();
                }
                yield return new BlockSeries(next, SeriesChunkMerger.Merge(sources));
            }
        }
        finally
        {
            foreach (var c in cursors) c.Dispose();
        }
    }
}
