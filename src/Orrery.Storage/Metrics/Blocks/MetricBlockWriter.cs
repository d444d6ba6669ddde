namespace Orrery.Storage.Metrics.Blocks;

/// <summary>Writes a metric block.</summary>
public static class MetricBlockWriter
{
    /// <summary>
    /// Writes a block into parentDirectory/&lt;id&gt;/ (to a temp name, fsync, then rename: a crash never
    /// leaves half a block). Series must be sorted by labels (LabelSet.CompareTo). Returns its meta.
    /// </summary>
    public static BlockMeta Write(string parentDirectory, IEnumerable<BlockSeries> seriesSortedByLabels, long minTimeMs, long maxTimeMs, int level = 1) =>
        throw new NotImplementedException();
}
