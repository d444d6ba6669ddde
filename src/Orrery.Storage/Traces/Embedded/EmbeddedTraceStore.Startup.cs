using Microsoft.Extensions.Logging;
using Orrery.Signals;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Traces.Embedded;

public sealed partial class EmbeddedTraceStore
{
    /// <summary>Opens blocks, replays the WAL records not yet in blocks, starts the WAL and the background loop.</summary>
    private void Start()
    {
        Directory.CreateDirectory(_tracesDirectory);
        foreach (var tenantDirectory in Directory.EnumerateDirectories(_tracesDirectory))
        {
            var tenant = Path.GetFileName(tenantDirectory);
            if (Tenant.Validate(tenant) is not null) continue;
            var blocks = BlockDirectories.OpenAll(BlocksDirectoryOf(tenant), _logger);
            _tenants[tenant] = new TenantTraces(tenant, BlocksDirectoryOf(tenant), blocks, _options.TimeProvider);
        }

        Directory.CreateDirectory(_walDirectory);
        _checkpoint = WalCheckpoint.Load(Path.Combine(_walDirectory, "checkpoint"));
        var walOptions = new WalOptions
        {
            SyncMode = _options.WalSyncMode,
            SyncInterval = _options.WalSyncInterval,
            SegmentBytes = _options.WalSegmentBytes,
        };
        _wal = WriteAheadLog.Open(_walDirectory, walOptions, _logger);
        long replayedSpans = 0, skipped = 0;
        var result = _wal.Replay(record =>
        {
            if (ReplayRecord(record, out var spans)) replayedSpans += spans;
            else skipped++;
        });
        _wal.Start(_checkpoint.MaxSegment + 1);
        _logger.LogInformation(
            "trace WAL replayed: {Records} records, {Spans} spans into the head, {Skipped} already in blocks or unusable, {Losses} damaged ranges",
            result.Records, replayedSpans, skipped, result.Losses.Count);

        StartBackground();
        _ready = true;
    }

    private bool ReplayRecord(WalRecord record, out int spans)
    {
        spans = 0;
        if (record.Type != SpanBatchRecord.RecordType)
        {
            _logger.LogWarning("WAL {Position}: unknown record type {Type}, skipped", record.Position, record.Type);
            return false;
        }
        try
        {
            var payload = record.Payload.Span;
            var tenant = SpanBatchRecord.ReadTenant(payload);
            if (_checkpoint!.Covers(tenant, record.Position)) return false;
            if (Tenant.Validate(tenant) is { } problem) throw new InvalidDataException(problem);
            var batch = SpanBatchRecord.Decode(payload, out _);
            var part = GetOrAddTenant(tenant).Append(batch, record.Position, payload.Length);
            part.Tags.Add(batch);
            spans = batch.Count;
            return true;
        }
        catch (InvalidDataException ex)
        {
            // The frame's CRC matched, so the bytes are as written: this is a codec mismatch
            // (e.g. a record from a newer version), reported with its location.
            var error = new WalCorruptionException(record.Position.Segment, record.Position.Offset, "span batch record cannot be decoded", ex);
            _logger.LogError(error, "WAL record skipped ({Bytes} bytes lost)", record.Payload.Length);
            return false;
        }
    }
}
