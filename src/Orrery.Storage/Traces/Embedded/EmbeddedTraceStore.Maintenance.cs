using Microsoft.Extensions.Logging;
using Orrery.Storage.Embedded;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Traces.Embedded;

public sealed partial class EmbeddedTraceStore
{
    /// <summary>Cuts every tenant's non-empty head into a block now. Returns the number of blocks written.</summary>
    public int CutHeadOnce() => _maintenance.CutAllNow();

    /// <summary>Merges small, time-adjacent blocks of every tenant once. Returns the number of blocks written.</summary>
    public int RunCompactionOnce() => _maintenance.CompactNow();

    /// <summary>Deletes every block whose newest span started before <c>now - Retention</c>. Returns how many.</summary>
    public int ApplyRetentionOnce(DateTimeOffset now) => _maintenance.ApplyRetentionNow(now);

    private int ApplyRetention(DateTimeOffset now)
    {
        var cutoff = (now - _options.Retention).ToUnixTimeMilliseconds() * 1_000_000;
        return _tenants.Values.Sum(t => t.RemoveExpiredBlocks(b => b.Meta.MaxStartUnixNano < cutoff, _logger, "trace"));
    }

    /// <summary>Cuts heads that are due (or all, with <paramref name="force"/>), then deletes WAL segments now fully in blocks.</summary>
    private int CutHeads(bool force)
    {
        var written = 0;
        foreach (var traces in _tenants.Values)
        {
            traces.FreezeActiveIfDue(force, p => p.SpanCount >= _options.HeadMaxSpans || p.PayloadBytes >= _options.HeadMaxBytes, _options.HeadMaxAge);
            written += traces.WriteFrozenParts(part => WriteBlock(traces, part), _checkpoint!, _logger, "trace");
        }
        HeadWal.DeleteFlushedSegments(_wal!, _tenants.Values.Select(t => t.OldestUnflushedSegment()));
        return written;
    }

    private static BlockHandle WriteBlock(TenantTraces traces, TraceHeadPart part)
    {
        var meta = TraceBlockWriter.Write(traces.BlocksDirectory, part.Batches(), compactionLevel: 0);
        return new BlockHandle(TraceBlock.Open(BlockDirectories.Locate(traces.BlocksDirectory, meta)));
    }

    /// <summary>Merges runs of small blocks adjacent in time, each into one block a level above its highest input.</summary>
    private int Compact(TenantTraces traces)
    {
        using var view = traces.AcquireView();
        var caps = new CompactionCaps(
            _options.CompactionMaxBlockBytes,
            _options.CompactionMaxInputBlocks,
            _options.CompactionMaxInputSpans,
            (long)_options.CompactionMaxTimeSpan.TotalMilliseconds * 1_000_000);
        var runs = CompactionPlan.Runs(view.Blocks, b => new CompactionExtent(b.Meta.SizeBytes, b.Meta.SpanCount, b.Meta.MinStartUnixNano, b.Meta.MaxStartUnixNano), caps);
        return runs.Sum(run => MergeGroup(traces, run));
    }

    private int MergeGroup(TenantTraces traces, List<BlockHandle> group)
    {
        BlockHandle merged;
        try
        {
            var level = group.Max(b => b.Meta.CompactionLevel) + 1;
            var meta = TraceBlockMerger.Merge(traces.BlocksDirectory, group.Select(b => b.Block).ToList(), level);
            merged = new BlockHandle(TraceBlock.Open(BlockDirectories.Locate(traces.BlocksDirectory, meta)));
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "cannot compact {Count} blocks of tenant {Tenant}", group.Count, traces.Tenant);
            return 0;
        }
        // The merged block is visible before the inputs go; readers still holding an input keep it open.
        traces.Blocks.Replace(group.ToArray(), merged);
        _logger.LogInformation("compacted {Count} trace blocks of tenant {Tenant} into {Block}", group.Count, traces.Tenant, merged.Meta.Id);
        return 1;
    }
}
