using Microsoft.Extensions.Logging;
using Orrery.Storage.Traces.Blocks;

namespace Orrery.Storage.Traces.Embedded;

public sealed partial class EmbeddedTraceStore
{
    /// <summary>How often the background loop checks head age; size triggers wake it at once.</summary>
    private static readonly TimeSpan MaintenanceTick = TimeSpan.FromSeconds(1);

    /// <summary>Compaction and retention change the block lists one at a time.</summary>
    private readonly SemaphoreSlim _maintenance = new(1, 1);

    /// <summary>
    /// Cuts run one at a time, in their own loop: a cut never waits behind a compaction, because
    /// appends wait for cuts (see <see cref="HeadBudgetParts"/>). Cuts and compaction only meet in
    /// <see cref="TenantTraces"/>, whose block list changes are atomic under its lock.
    /// </summary>
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
            foreach (var traces in _tenants.Values) written += Compact(traces);
            return written;
        }
        finally
        {
            _maintenance.Release();
        }
    }

    /// <summary>Deletes every block whose newest span started before <c>now - Retention</c>. Returns how many.</summary>
    public int ApplyRetentionOnce(DateTimeOffset now)
    {
        WaitReady();
        var cutoff = (now - _options.Retention).ToUnixTimeMilliseconds() * 1_000_000;
        _maintenance.Wait();
        try
        {
            var deleted = 0;
            foreach (var traces in _tenants.Values)
            {
                var n = traces.Blocks.Remove(b => b.Meta.MaxStartUnixNano < cutoff);
                if (n > 0) _logger.LogInformation("retention deleted {Count} trace blocks of tenant {Tenant}", n, traces.Tenant);
                deleted += n;
            }
            return deleted;
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
            new BackgroundLoop("cutting trace heads into blocks", token => _cutSignal.WaitAsync(MaintenanceTick, token), _cutting, () => CutHeads(force: false)),
            new BackgroundLoop("trace storage compaction or retention", token => Task.Delay(_options.CompactionInterval, time, token), _maintenance, () =>
            {
                foreach (var traces in _tenants.Values) Compact(traces);
                ApplyRetention(time.GetUtcNow());
            }));
    }

    private Task StopBackgroundAsync() => _background.StopAsync();

    private void ApplyRetention(DateTimeOffset now)
    {
        var cutoff = (now - _options.Retention).ToUnixTimeMilliseconds() * 1_000_000;
        foreach (var traces in _tenants.Values) traces.Blocks.Remove(b => b.Meta.MaxStartUnixNano < cutoff);
    }

    /// <summary>Cuts heads that are due (or all, with <paramref name="force"/>), then deletes WAL segments now fully in blocks.</summary>
    private int CutHeads(bool force)
    {
        var written = 0;
        var time = _options.TimeProvider;
        foreach (var traces in _tenants.Values)
        {
            var active = traces.Active;
            var due = !active.IsEmpty && (force
                || active.SpanCount >= _options.HeadMaxSpans
                || active.PayloadBytes >= _options.HeadMaxBytes
                || time.GetElapsedTime(active.CreatedTimestamp) >= _options.HeadMaxAge);
            if (due) traces.FreezeActive();
            if (traces.Frozen.Length > 0) written += WriteFrozenParts(traces);
        }
        DeleteFlushedWalSegments();
        return written;
    }

    /// <summary>
    /// Writes frozen parts to blocks, oldest first, stopping at the first failure so the
    /// checkpoint only ever moves past records that are in blocks.
    /// </summary>
    private int WriteFrozenParts(TenantTraces traces)
    {
        var written = 0;
        traces.CutGate.Wait();
        try
        {
            foreach (var part in traces.Frozen)
            {
                BlockHandle? handle = null;
                try
                {
                    Directory.CreateDirectory(traces.BlocksDirectory);
                    var meta = TraceBlockWriter.Write(traces.BlocksDirectory, part.Batches(), compactionLevel: 0);
                    handle = new BlockHandle(TraceBlock.Open(BlockDirectories.Locate(traces.BlocksDirectory, meta)));
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "cannot cut the head of tenant {Tenant} into a block; it stays in memory and the WAL", traces.Tenant);
                    break;
                }
                traces.CompleteCut(part, handle);
                _checkpoint!.Advance(traces.Tenant, part.LastPosition);
                written++;
            }
        }
        finally
        {
            traces.CutGate.Release();
        }
        return written;
    }

    private void DeleteFlushedWalSegments()
    {
        // Read the WAL's current segment before the heads: a record written but not yet in a
        // head lies in that segment (callbacks run before the writer rotates), so it is kept.
        var keepFrom = _wal!.CurrentSegment;
        foreach (var traces in _tenants.Values)
        {
            if (traces.OldestUnflushedSegment() is { } oldest) keepFrom = Math.Min(keepFrom, oldest);
        }
        _wal.DeleteSegmentsBefore(keepFrom);
    }

    /// <summary>
    /// Merges runs of small blocks adjacent in time (sorted by earliest start) into one block a
    /// level above the highest input, within the size, count and time-span caps.
    /// </summary>
    private int Compact(TenantTraces traces)
    {
        var written = 0;
        using var view = traces.AcquireView();
        var candidates = view.Blocks
            .Where(b => b.Meta.SizeBytes < _options.CompactionMaxBlockBytes)
            .OrderBy(b => b.Meta.MinStartUnixNano)
            .ToList();
        var maxSpanNanos = (long)_options.CompactionMaxTimeSpan.TotalMilliseconds * 1_000_000;
        var group = new List<BlockHandle>();
        long groupBytes = 0, groupSpans = 0, groupMin = 0, groupMax = 0;
        foreach (var b in candidates)
        {
            var fits = group.Count > 0
                && group.Count < _options.CompactionMaxInputBlocks
                && groupBytes + b.Meta.SizeBytes <= _options.CompactionMaxBlockBytes
                && groupSpans + b.Meta.SpanCount <= _options.CompactionMaxInputSpans
                && Math.Max(groupMax, b.Meta.MaxStartUnixNano) - groupMin <= maxSpanNanos;
            if (!fits)
            {
                written += MergeGroup(traces, group);
                group.Clear();
                groupBytes = 0;
                groupSpans = 0;
                groupMin = b.Meta.MinStartUnixNano;
                groupMax = long.MinValue;
            }
            group.Add(b);
            groupBytes += b.Meta.SizeBytes;
            groupSpans += b.Meta.SpanCount;
            groupMax = Math.Max(groupMax, b.Meta.MaxStartUnixNano);
        }
        written += MergeGroup(traces, group);
        return written;
    }

    private int MergeGroup(TenantTraces traces, List<BlockHandle> group)
    {
        if (group.Count < 2) return 0;
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
