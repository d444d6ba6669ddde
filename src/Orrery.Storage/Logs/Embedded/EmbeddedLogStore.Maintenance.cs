using Microsoft.Extensions.Logging;
using Orrery.Signals.Labels;
using Orrery.Storage.Logs.Blocks;

namespace Orrery.Storage.Logs.Embedded;

public sealed partial class EmbeddedLogStore
{
    /// <summary>How often the background loop checks head age; size triggers wake it at once.</summary>
    private static readonly TimeSpan MaintenanceTick = TimeSpan.FromSeconds(1);

    /// <summary>Compaction and retention change the block lists one at a time.</summary>
    private readonly SemaphoreSlim _maintenance = new(1, 1);

    /// <summary>Cuts run one at a time in their own loop, never behind a compaction (appends wait for cuts).</summary>
    private readonly SemaphoreSlim _cutting = new(1, 1);
    private readonly SemaphoreSlim _cutSignal = new(0, int.MaxValue);
    private readonly BackgroundLoops _background = new();

    /// <summary>Cuts every tenant's non-empty head into a block now. Returns the number of blocks written.</summary>
    public int CutHeadOnce()
    {
        WaitReady();
        _cutting.Wait();
        try
        {
            return CutHeads(force: true);
        }
        finally
        {
            _cutting.Release();
        }
    }

    /// <summary>Merges small, time-adjacent blocks of every tenant once. Returns the number of blocks written.</summary>
    public int RunCompactionOnce()
    {
        WaitReady();
        _maintenance.Wait();
        try
        {
            var written = 0;
            foreach (var logs in _tenants.Values) written += Compact(logs);
            return written;
        }
        finally
        {
            _maintenance.Release();
        }
    }

    /// <summary>Deletes every block whose newest line is older than <c>now - Retention</c>. Returns how many.</summary>
    public int ApplyRetentionOnce(DateTimeOffset now)
    {
        WaitReady();
        _maintenance.Wait();
        try
        {
            return ApplyRetention(now);
        }
        finally
        {
            _maintenance.Release();
        }
    }

    private void StartBackground()
    {
        if (!_options.RunBackgroundTasks) return;
        var time = _options.TimeProvider;
        _background.Start(
            _logger,
            new BackgroundLoop("cutting log heads into blocks", token => _cutSignal.WaitAsync(MaintenanceTick, token), _cutting, () => CutHeads(force: false)),
            new BackgroundLoop("log storage compaction or retention", token => Task.Delay(_options.CompactionInterval, time, token), _maintenance, () =>
            {
                foreach (var logs in _tenants.Values) Compact(logs);
                ApplyRetention(time.GetUtcNow());
            }));
    }

    private Task StopBackgroundAsync() => _background.StopAsync();

    private int ApplyRetention(DateTimeOffset now)
    {
        var cutoff = (now - _options.Retention).ToUnixTimeMilliseconds() * 1_000_000;
        var deleted = 0;
        foreach (var logs in _tenants.Values)
        {
            var n = logs.Blocks.Remove(b => b.Meta.MaxTimeNs < cutoff);
            if (n > 0) _logger.LogInformation("retention deleted {Count} log blocks of tenant {Tenant}", n, logs.Tenant);
            deleted += n;
        }
        return deleted;
    }

    /// <summary>Cuts heads that are due (or all, with <paramref name="force"/>), then deletes WAL segments now fully in blocks.</summary>
    private int CutHeads(bool force)
    {
        var written = 0;
        var time = _options.TimeProvider;
        foreach (var logs in _tenants.Values)
        {
            var active = logs.Active;
            var due = !active.IsEmpty && (force
                || active.Bytes >= _options.HeadMaxBytes
                || time.GetElapsedTime(active.CreatedTimestamp) >= _options.HeadMaxAge);
            if (due) logs.FreezeActive();
            if (logs.Frozen.Length > 0) written += WriteFrozenParts(logs);
        }
        DeleteFlushedWalSegments();
        return written;
    }

    /// <summary>Writes frozen parts to blocks, oldest first, stopping at the first failure so the checkpoint only passes records in blocks.</summary>
    private int WriteFrozenParts(TenantLogs logs)
    {
        var written = 0;
        logs.CutGate.Wait();
        try
        {
            foreach (var part in logs.Frozen)
            {
                LogBlockHandle? handle = null;
                try
                {
                    Directory.CreateDirectory(logs.BlocksDirectory);
                    var meta = LogBlockWriter.Write(logs.BlocksDirectory, HeadStreams(logs, part), compactionLevel: 0, _options.BlockFormat);
                    if (meta is not null) handle = new LogBlockHandle(LogBlock.Open(Path.Combine(logs.BlocksDirectory, meta.Id.ToString("N"))), logs.Streams);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "cannot cut the log head of tenant {Tenant} into a block; it stays in memory and the WAL", logs.Tenant);
                    break;
                }
                logs.CompleteCut(part, handle);
                _checkpoint!.Advance(logs.Tenant, part.LastPosition);
                written += handle is null ? 0 : 1;
            }
        }
        finally
        {
            logs.CutGate.Release();
        }
        return written;
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

    private void DeleteFlushedWalSegments()
    {
        // Read the WAL's current segment before the heads: a record written but not yet in a
        // head lies in that segment (callbacks run before the writer rotates), so it is kept.
        var keepFrom = _wal!.CurrentSegment;
        foreach (var logs in _tenants.Values)
        {
            if (logs.OldestUnflushedSegment() is { } oldest) keepFrom = Math.Min(keepFrom, oldest);
        }
        _wal.DeleteSegmentsBefore(keepFrom);
    }

    /// <summary>Merges runs of small blocks adjacent in time into one block a level above the highest input.</summary>
    private int Compact(TenantLogs logs)
    {
        var written = 0;
        var (blocks, _) = logs.AcquireView();
        try
        {
            var candidates = blocks
                .Where(b => b.Meta.SizeBytes < _options.CompactionMaxBlockBytes)
                .OrderBy(b => b.Meta.MinTimeNs)
                .ToList();
            var maxSpan = _options.CompactionMaxTimeSpan.Ticks * 100;
            var group = new List<LogBlockHandle>();
            long groupBytes = 0, groupMin = 0, groupMax = 0;
            foreach (var b in candidates)
            {
                var fits = group.Count > 0
                    && group.Count < _options.CompactionMaxInputBlocks
                    && groupBytes + b.Meta.SizeBytes <= _options.CompactionMaxBlockBytes
                    && Math.Max(groupMax, b.Meta.MaxTimeNs) - groupMin <= maxSpan;
                if (!fits)
                {
                    written += MergeGroup(logs, group);
                    group.Clear();
                    groupBytes = 0;
                    groupMin = b.Meta.MinTimeNs;
                    groupMax = long.MinValue;
                }
                group.Add(b);
                groupBytes += b.Meta.SizeBytes;
                groupMax = Math.Max(groupMax, b.Meta.MaxTimeNs);
            }
            written += MergeGroup(logs, group);
        }
        finally
        {
            foreach (var b in blocks) b.Release();
        }
        return written;
    }

    private int MergeGroup(TenantLogs logs, List<LogBlockHandle> group)
    {
        if (group.Count < 2) return 0;
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
