namespace Orrery.Storage.Metrics.Blocks;

/// <summary>Merges metric blocks.</summary>
public static class MetricBlockCompactor
{
    /// <summary>
    /// Merges blocks (they may overlap: samples merged by timestamp, a duplicate timestamp kept once) into one
    /// new block in parentDirectory at level max(levels)+1; does not delete the inputs.
    /// </summary>
    public static BlockMeta Compact(IReadOnlyList<MetricBlock> blocks, string parentDirectory) => throw new NotImplementedException();
}
