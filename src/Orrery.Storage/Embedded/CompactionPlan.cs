namespace Orrery.Storage.Embedded;

/// <summary>How compaction sees a block: its size, how many items (spans, lines) and the time it covers.</summary>
internal readonly record struct CompactionExtent(long SizeBytes, long Items, long MinTime, long MaxTime);

/// <summary>The caps on one compaction's inputs; times in the unit of <see cref="CompactionExtent"/>.</summary>
internal readonly record struct CompactionCaps(long MaxBlockBytes, int MaxInputBlocks, long MaxInputItems, long MaxTimeSpan);

/// <summary>
/// Which blocks a store that cuts its head by size or age (traces, logs) merges: runs of small
/// blocks adjacent in time, sorted by earliest time, each run within the caps on bytes, blocks,
/// items and the time it spans. Writing the merged block stays in the store.
/// </summary>
internal static class CompactionPlan
{
    /// <summary>The runs of two or more blocks to merge, each in time order; blocks at the size cap already are left alone.</summary>
    public static List<List<T>> Runs<T>(IEnumerable<T> blocks, Func<T, CompactionExtent> extentOf, CompactionCaps caps)
    {
        var candidates = blocks
            .Select(b => (Block: b, Extent: extentOf(b)))
            .Where(b => b.Extent.SizeBytes < caps.MaxBlockBytes)
            .OrderBy(b => b.Extent.MinTime)
            .ToList();
        var runs = new List<List<T>>();
        var run = new List<T>();
        long runBytes = 0, runItems = 0, runMin = 0, runMax = 0;
        foreach (var (block, e) in candidates)
        {
            var fits = run.Count > 0
                && run.Count < caps.MaxInputBlocks
                && runBytes + e.SizeBytes <= caps.MaxBlockBytes
                && runItems + e.Items <= caps.MaxInputItems
                && Math.Max(runMax, e.MaxTime) - runMin <= caps.MaxTimeSpan;
            if (!fits)
            {
                if (run.Count >= 2) runs.Add(run);
                run = [];
                runBytes = 0;
                runItems = 0;
                runMin = e.MinTime;
                runMax = long.MinValue;
            }
            run.Add(block);
            runBytes += e.SizeBytes;
            runItems += e.Items;
            runMax = Math.Max(runMax, e.MaxTime);
        }
        if (run.Count >= 2) runs.Add(run);
        return runs;
    }
}
