using Microsoft.Extensions.Logging;
using Orrery.Signals;
using Orrery.Storage.Embedded;
using Orrery.Storage.Metrics.Blocks;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Metrics.Embedded;

public sealed partial class EmbeddedMetricStore
{
    /// <summary>Opens blocks, restores the checkpoint, replays the WAL after it, starts the WAL and the background loops.</summary>
    private void Start()
    {
        foreach (var tenant in TenantDirectories.Under(_metricsDirectory))
        {
            // Closed head chunks of the last run: the checkpoint and the WAL rebuild them.
            HeadChunkFiles.DeleteLeftovers(Path.Combine(_metricsDirectory, tenant, HeadChunkFiles.DirectoryName));
            var head = GetOrAddTenant(tenant);
            head.Blocks.AddRange(BlockDirectoryScan.OpenComplete(
                head.BlocksDirectory, BlockId.IsBlockId, MetricBlockFormat.MetaFile, path => new MetricBlockHandle(MetricBlock.Open(path)), _logger, "metric"));
        }

        Directory.CreateDirectory(_walDirectory);
        var replayFrom = HeadCheckpoint.Read(_walDirectory, GetOrAddTenant, out var damage);
        if (damage is not null) _logger.LogError("metrics head checkpoint: {Damage}; the head is restored up to the damage", damage);

        _wal = WriteAheadLog.Open(_walDirectory, _options.WalOptions(_storage), _logger);
        long skipped = 0, undecodable = 0;
        var result = _wal.Replay(record =>
        {
            if (record.Position.Segment < replayFrom)
            {
                skipped++;
                return;
            }
            if (!ReplayRecord(record)) undecodable++;
        });
        _wal.Start(Math.Max(1, replayFrom));
        long samples = 0, unknown = 0;
        foreach (var head in _tenants.Values)
        {
            head.FinishReplay();
            samples += head.ReplayedSamples;
            unknown += head.UnknownSeriesReferences;
        }
        _logger.LogInformation(
            "metrics WAL replayed: {Records} records, {Samples} samples into the head, {Skipped} already in the checkpoint, {Undecodable} undecodable, {Unknown} references to unknown series, {Losses} damaged ranges",
            result.Records, samples, skipped, undecodable, unknown, result.Losses.Count);

        if (_options.RunBackgroundTasks) _maintenance.Start(_options.CompactionInterval, _storage.TimeProvider);
    }

    private bool ReplayRecord(WalRecord record)
    {
        if (record.Type != MetricBatchRecord.RecordType)
        {
            _logger.LogWarning("metrics WAL {Position}: unknown record type {Type}, skipped", record.Position, record.Type);
            return false;
        }
        try
        {
            var payload = record.Payload.Span;
            var tenant = MetricBatchRecord.ReadTenant(payload);
            if (Tenant.Validate(tenant) is { } problem) throw new InvalidDataException(problem);
            MetricBatchRecord.Read(payload, GetOrAddTenant(tenant));
            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or OverflowException)
        {
            // The frame's CRC matched, so the bytes are as written: a codec mismatch, reported with its location.
            var error = new WalCorruptionException(record.Position.Segment, record.Position.Offset, "metric batch record cannot be decoded", ex);
            _logger.LogError(error, "metrics WAL record skipped ({Bytes} bytes)", record.Payload.Length);
            return false;
        }
    }
}
