using Microsoft.Extensions.Logging;
using Orrery.Storage.Embedded;
using Orrery.Storage.Metrics.Blocks;

namespace Orrery.Storage.Metrics.Embedded;

public sealed partial class EmbeddedMetricStore
{
    /// <summary>
    /// Cuts, checkpoints, compaction and retention change blocks and the WAL one at a time (appends
    /// never wait for a cut, so a cut may wait behind a compaction). Each is seconds of CPU: run at
    /// a lower priority, they wait while queries want the cores instead of stretching them (see
    /// <see cref="MaintenanceThread"/>). A cut is due by head span, which grows by the minute, so
    /// the loop looks every 30 s unless an append asks sooner.
    /// </summary>
    private static readonly MaintenanceSchedule Schedule = new()
    {
        CutTick = TimeSpan.FromSeconds(30),
        OneGate = true,
        LowPriorityThreadName = "orrery metrics maintenance",
    };

    /// <summary>
    /// Cuts every head spanning more than 1.5 block ranges, oldest aligned window first, then
    /// writes a checkpoint and deletes the WAL segments it covers. Returns the blocks written.
    /// </summary>
    public int CutHeadsOnce() => _maintenance.CutAllNow();

    /// <summary>Writes the head checkpoint now and deletes the WAL segments before it.</summary>
    public void CheckpointOnce() => _maintenance.RunNow(WriteCheckpoint);

    /// <summary>Merges blocks that fill one window of a larger range (2 h → 6 h → 24 h). Returns the blocks written.</summary>
    public int RunCompactionOnce() => _maintenance.CompactNow();

    /// <summary>Deletes every block whose newest sample is older than <c>now - Retention</c>. Returns how many.</summary>
    public int ApplyRetentionOnce(DateTimeOffset now) => _maintenance.ApplyRetentionNow(now);

    private StoreMaintenance CreateMaintenance() =>
        // A head is cut only by aligned window, once it spans 1.5 block ranges (as Prometheus
        // does): there is nothing to force.
        new("metric", _logger, _lifecycle, _ => CutHeads(), () => _tenants.Values.Sum(Compact), ApplyRetention, Schedule);

    private bool ShouldCut(TenantHead head)
    {
        var (min, max) = head.TimeRange;
        return min != long.MaxValue && max != long.MinValue && max - min > head.BlockRangeMs * 3 / 2;
    }

    private int CutHeads()
    {
        var written = 0;
        foreach (var head in _tenants.Values)
        {
            while (ShouldCut(head))
            {
                var before = head.TimeRange.Min;
                written += CutWindow(head, HeadSeries.WindowStart(before, head.BlockRangeMs) + head.BlockRangeMs);
                if (head.TimeRange.Min <= before) break;
            }
        }
        if (written > 0) WriteCheckpoint();
        return written;
    }

    /// <summary>
    /// Writes everything of the head older than <paramref name="endMs"/> into one block, then
    /// drops it from memory. The block is visible before the head lets go, so a query sees the
    /// data at least once throughout (twice is merged away).
    /// </summary>
    private int CutWindow(TenantHead head, long endMs)
    {
        var captured = new List<CutSeries>();
        foreach (var series in head.SnapshotSeries())
        {
            if (series.CaptureBefore(endMs, head.ChunkFiles, out var chunks, out var ooo)) captured.Add(new CutSeries(series, head.LabelsOf(series), chunks, ooo));
        }
        var written = 0;
        if (captured.Count > 0)
        {
            captured.Sort((a, b) => a.Labels.CompareTo(b.Labels));
            var min = captured.Min(c => c.MinTimeMs);
            var max = captured.Max(c => c.MaxTimeMs);
            Directory.CreateDirectory(head.BlocksDirectory);
            var meta = MetricBlockWriter.Write(head.BlocksDirectory, captured.Select(c => c.ToBlockSeries(head.ChunkFiles)), min, max, level: 1);
            head.Blocks.Add(new MetricBlockHandle(MetricBlock.Open(Path.Combine(head.BlocksDirectory, meta.Id))));
            foreach (var c in captured) c.Series.RemoveCut(c.Chunks, c.OutOfOrder, head.ChunkFiles);
            _instruments.BlocksCut.Add(1);
            _logger.LogInformation(
                "cut metrics head of tenant {Tenant} before {End}: block {Block} with {Series} series, {Samples} samples",
                head.Tenant, endMs, meta.Id, meta.NumSeries, meta.NumSamples);
            written = 1;
        }
        lock (head.AppendLock)
        {
            head.CollectGarbage();
            head.RecomputeMinTime();
        }
        return written;
    }

    /// <summary>
    /// Snapshots every head, then deletes the WAL segments before the one current when it began:
    /// each record in them was applied to a head before it was logged, so the snapshot (or a
    /// block) holds it.
    /// </summary>
    private void WriteCheckpoint()
    {
        var segment = _wal!.CurrentSegment;
        HeadCheckpoint.Write(_walDirectory, segment, _tenants.Values);
        _wal.DeleteSegmentsBefore(segment);
    }

    private int Compact(TenantHead head)
    {
        var written = 0;
        foreach (var range in _options.CompactionRanges())
        {
            var rangeMs = (long)range.TotalMilliseconds;
            var headMin = head.TimeRange.Min;
            var groups = head.Blocks.All
                .Where(b => HeadSeries.WindowStart(b.Meta.MinTimeMs, rangeMs) == HeadSeries.WindowStart(b.Meta.MaxTimeMs, rangeMs))
                .GroupBy(b => HeadSeries.WindowStart(b.Meta.MinTimeMs, rangeMs))
                // A window still being filled by cuts is left for later, so it is rewritten once.
                .Where(g => g.Count() >= 2 && g.Key + rangeMs <= headMin)
                .ToList();
            foreach (var group in groups) written += Merge(head, group.OrderBy(b => b.Meta.MinTimeMs).ToList());
        }
        return written;
    }

    private int Merge(TenantHead head, List<MetricBlockHandle> group)
    {
        var acquired = group.Where(b => b.TryAcquire()).ToList();
        try
        {
            if (acquired.Count < 2) return 0;
            var meta = MetricBlockCompactor.Compact(acquired.Select(b => b.Block).ToList(), head.BlocksDirectory);
            var merged = new MetricBlockHandle(MetricBlock.Open(Path.Combine(head.BlocksDirectory, meta.Id)));
            head.Blocks.Replace(acquired, merged);
            _instruments.Compactions.Add(1);
            _logger.LogInformation("compacted {Count} metric blocks of tenant {Tenant} into {Block} (level {Level})", acquired.Count, head.Tenant, meta.Id, meta.Level);
            return 1;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            _logger.LogError(ex, "cannot compact {Count} metric blocks of tenant {Tenant}", acquired.Count, head.Tenant);
            return 0;
        }
        finally
        {
            foreach (var b in acquired) b.Release();
        }
    }

    private int ApplyRetention(DateTimeOffset now)
    {
        var cutoff = (now - _options.Retention).ToUnixTimeMilliseconds();
        var deleted = 0;
        foreach (var head in _tenants.Values)
        {
            var n = head.Blocks.Remove(b => b.Meta.MaxTimeMs < cutoff);
            if (n > 0) _logger.LogInformation("retention deleted {Count} metric blocks of tenant {Tenant}", n, head.Tenant);
            deleted += n;
        }
        return deleted;
    }
}
