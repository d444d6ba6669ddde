using Microsoft.Extensions.Logging;
using Orrery.Signals;
using Orrery.Storage.Logs.Blocks;
using Orrery.Storage.Traces.Embedded;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Logs.Embedded;

public sealed partial class EmbeddedLogStore
{
    /// <summary>Opens blocks, replays the WAL records not yet in blocks, starts the WAL and the background loops.</summary>
    private void Start()
    {
        Directory.CreateDirectory(_logsDirectory);
        foreach (var tenantDirectory in Directory.EnumerateDirectories(_logsDirectory))
        {
            var tenant = Path.GetFileName(tenantDirectory);
            if (Tenant.Validate(tenant) is not null) continue;
            var logs = GetOrAddTenant(tenant);
            logs.Blocks.AddRange(OpenBlocks(logs));
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
        long replayedLines = 0, skipped = 0;
        var result = _wal.Replay(record =>
        {
            if (ReplayRecord(record, out var lines)) replayedLines += lines;
            else skipped++;
        });
        _wal.Start(_checkpoint.MaxSegment + 1);
        _logger.LogInformation(
            "log WAL replayed: {Records} records, {Lines} lines into the head, {Skipped} already in blocks or unusable, {Losses} damaged ranges",
            result.Records, replayedLines, skipped, result.Losses.Count);

        StartBackground();
        _ready = true;
    }

    /// <summary>
    /// Opens every complete block of a tenant. Leftovers of interrupted writes (<c>*.tmp</c>,
    /// or a block directory without <c>meta.json</c>) are deleted; a block that fails to open
    /// is logged and left on disk for inspection.
    /// </summary>
    private List<LogBlockHandle> OpenBlocks(TenantLogs logs)
    {
        var handles = new List<LogBlockHandle>();
        if (!Directory.Exists(logs.BlocksDirectory)) return handles;
        foreach (var path in Directory.EnumerateDirectories(logs.BlocksDirectory))
        {
            var name = Path.GetFileName(path);
            var isBlockName = Guid.TryParseExact(name, "N", out _);
            if (name.EndsWith(".tmp", StringComparison.Ordinal) || (isBlockName && !File.Exists(Path.Combine(path, LogBlockMeta.FileName))))
            {
                _logger.LogInformation("deleting incomplete log block directory {Directory}", path);
                Directory.Delete(path, recursive: true);
                continue;
            }
            if (!isBlockName) continue;
            try
            {
                handles.Add(new LogBlockHandle(LogBlock.Open(path), logs.Streams));
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "cannot open log block {Directory}; it is skipped", path);
            }
        }
        return handles;
    }

    private bool ReplayRecord(WalRecord record, out long lines)
    {
        lines = 0;
        if (record.Type != LogBatchRecord.RecordType)
        {
            _logger.LogWarning("log WAL {Position}: unknown record type {Type}, skipped", record.Position, record.Type);
            return false;
        }
        try
        {
            var payload = record.Payload.Span;
            var tenant = LogBatchRecord.ReadTenant(payload);
            if (_checkpoint!.Covers(tenant, record.Position)) return false;
            if (Tenant.Validate(tenant) is { } problem) throw new InvalidDataException(problem);
            var batch = LogBatchRecord.Decode(payload, out _);
            var logs = GetOrAddTenant(tenant);
            var streams = new LogStream?[batch.Streams.Count];
            for (var s = 0; s < streams.Length; s++) streams[s] = logs.Streams.GetOrAdd(batch.Bytes, batch.LabelsOf(s));
            logs.Append(batch, streams, default, record.Position);
            lines = batch.Count;
            return true;
        }
        catch (InvalidDataException ex)
        {
            var error = new WalCorruptionException(record.Position.Segment, record.Position.Offset, "log batch record cannot be decoded", ex);
            _logger.LogError(error, "log WAL record skipped ({Bytes} bytes lost)", record.Payload.Length);
            return false;
        }
    }
}
