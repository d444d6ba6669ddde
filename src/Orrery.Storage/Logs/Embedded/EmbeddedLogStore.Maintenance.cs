using Microsoft.Extensions.Logging;
using Orrery.Signals.Labels;
using Orrery.Storage.Embedded;
using Orrery.Storage.Logs.Blocks;

namespace Orrery.Storage.Logs.Embedded;

public sealed partial class EmbeddedLogStore
{
    /// <summary>Cuts every tenant's non-empty head into a block now. Returns the number of blocks written.</summary>
    public int CutHeadOnce() => _maintenance.CutAllNow();

    /// <summary>Merges small, time-adjacent blocks of every tenant once. Returns the number of blocks written.</summary>
    public int RunCompactionOnce() => _maintenance.CompactNow();

    /// <summary>Deletes every block whose newest line is older than <c>now - Retention</c>. Returns how many.</summary>
    public int ApplyRetentionOnce(DateTimeOffset now) => _maintenance.ApplyRetentionNow(now);

    private int ApplyRetention(DateTimeOffset now)
    {
        var cutoff = (now - _options.Retention).ToUnixTimeMilliseconds() * 1_000_000;
        return _tenants.Values.Sum(l => l.RemoveExpiredBlocks(b => b.Meta.MaxTimeNs < cutoff, _logger, "log"));
    }

    /// <summary>Cuts heads that are due (or all, with <paramref name="force"/>), then deletes WAL segments now fully in blocks.</summary>
    private int CutHeads(bool force)
    {
        var written = 0;
        foreach (var logs in _tenants.Values)
        {
            logs.FreezeActiveIfDue(force, p => p.Bytes >= _options.HeadMaxBytes, _options.HeadMaxAge);
            written += logs.WriteFrozenParts(part => WriteBlock(logs, part), _checkpoint!, _logger, "log");
        }
        HeadWal.DeleteFlushedSegments(_wal!, _tenants.Values.Select(t => t.OldestUnflushedSegment()));
        return written;
    }

    /// <summary>The part's block; null when no stream of it had a line (nothing is written then).</summary>
    private LogBlockHandle? WriteBlock(TenantLogs logs, LogHeadPart part)
    {
        var meta = LogBlockWriter.Write(logs.BlocksDirectory, HeadStreams(logs, part), compactionLevel: 0, _options.BlockFormat);
        return meta is null ? null : new LogBlockHandle(LogBlock.Open(Path.Combine(logs.BlocksDirectory, meta.Id.ToString("N"))), logs.Streams);
    }

    /// <summary>The part's streams, sorted by labels, each as a cursor over its sorted, deduplicated lines.</summary>
    private static IEnumerable<(LabelSet, LogStreamCursor)> HeadStreams(TenantLogs logs, LogHeadPart part)
    {
        List<(LabelSet Labels, HeadSnapshot Head, long Min, long Max)> snapshots;
        lock (logs.Sync)
        {
            snapshots = part.Streams.Select(h => (h.Stream.Labels, h.Snapshot(part.Names.All), h.MinTimestamp, h.MaxTimestamp)).ToList();
        }
        snapshots.Sort((a, b) => a.Labels.CompareTo(b.Labels));
        foreach (var (labels, head, min, max) in snapshots)
        {
            LineSource source = new HeadLineSource(head, min, max);
            yield return (labels, new MergedStreamCursor(labels, [source], long.MinValue, long.MaxValue, backward: false, filter: null, onDispose: null));
        }
    }

    /// <summary>Merges runs of small blocks adjacent in time, each into one block a level above its highest input.</summary>
    private int Compact(TenantLogs logs)
    {
        var (blocks, _) = logs.AcquireView();
        try
        {
            var caps = new CompactionCaps(
                _options.CompactionMaxBlockBytes, _options.CompactionMaxInputBlocks, MaxInputItems: long.MaxValue, _options.CompactionMaxTimeSpan.Ticks * 100);
            var runs = CompactionPlan.Runs(blocks, b => new CompactionExtent(b.Meta.SizeBytes, b.Meta.Lines, b.Meta.MinTimeNs, b.Meta.MaxTimeNs), caps);
            return runs.Sum(run => MergeGroup(logs, run));
        }
        finally
        {
            foreach (var b in blocks) b.Release();
        }
    }

    private int MergeGroup(TenantLogs logs, List<LogBlockHandle> group)
    {
        LogBlockHandle merged;
        try
        {
            var level = group.Max(b => b.Meta.CompactionLevel) + 1;
            var meta = LogBlockWriter.Write(logs.BlocksDirectory, MergedStreams(logs, group), level, _options.BlockFormat)
                ?? throw new InvalidOperationException("compaction inputs hold no lines");
            merged = new LogBlockHandle(LogBlock.Open(Path.Combine(logs.BlocksDirectory, meta.Id.ToString("N"))), logs.Streams);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "cannot compact {Count} log blocks of tenant {Tenant}", group.Count, logs.Tenant);
            return 0;
        }
        // The merged block is visible before the inputs go; cursors still reading an input keep it open.
        logs.Blocks.Replace(group.ToArray(), merged);
        _logger.LogInformation("compacted {Count} log blocks of tenant {Tenant} into {Block}", group.Count, logs.Tenant, merged.Meta.Id);
        return 1;
    }

    /// <summary>Every stream of the inputs, sorted by labels, as one merged cursor over its chunks in all inputs (each line once).</summary>
    private static IEnumerable<(LabelSet, LogStreamCursor)> MergedStreams(TenantLogs logs, List<LogBlockHandle> group)
    {
        var ids = group.SelectMany(b => b.StreamIds).Distinct().Select(id => logs.Streams[id]).OrderBy(s => s.Labels).ToList();
        foreach (var stream in ids)
        {
            var sources = new List<LineSource>();
            foreach (var b in group)
            {
                if (b.StreamOf(stream.Id) is not { } bs) continue;
                foreach (var chunk in b.Block.ChunksOf(bs)) sources.Add(new ChunkLineSource(b.Block, chunk, []));
            }
            yield return (stream.Labels, new MergedStreamCursor(stream.Labels, sources, long.MinValue, long.MaxValue, backward: false, filter: null, onDispose: null));
        }
    }
}
