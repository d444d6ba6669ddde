using Orrery.Storage.Embedded;
using Orrery.Storage.Logs.Blocks;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Logs.Embedded;

public sealed partial class EmbeddedLogStore
{
    /// <summary>Opens blocks, replays the WAL records not yet in blocks, starts the WAL and the background loops.</summary>
    private void Start()
    {
        foreach (var tenant in TenantDirectories.Under(_logsDirectory))
        {
            var logs = GetOrAddTenant(tenant);
            logs.Blocks.AddRange(BlockDirectoryScan.OpenComplete(
                logs.BlocksDirectory, name => Guid.TryParseExact(name, "N", out _), LogBlockMeta.FileName, path => new LogBlockHandle(LogBlock.Open(path), logs.Streams), _logger, "log"));
        }

        var walOptions = new WalOptions { SyncMode = _options.WalSyncMode, SyncInterval = _options.WalSyncInterval, SegmentBytes = _options.WalSegmentBytes };
        var records = new HeadRecordType("log", LogBatchRecord.RecordType, "log batch record", "lines", LogBatchRecord.ReadTenant, ReplayRecord);
        _wal = HeadWal.OpenAndReplay(_walDirectory, walOptions, records, _logger, out _checkpoint);
        if (_options.RunBackgroundTasks) _maintenance.Start(_options.CompactionInterval, _options.TimeProvider);
    }

    private long ReplayRecord(string tenant, ReadOnlySpan<byte> payload, WalPosition position)
    {
        var batch = LogBatchRecord.Decode(payload, out _);
        var logs = GetOrAddTenant(tenant);
        var streams = new LogStream?[batch.Streams.Count];
        for (var s = 0; s < streams.Length; s++) streams[s] = logs.Streams.GetOrAdd(batch.Bytes, batch.LabelsOf(s));
        logs.Append(batch, streams, default, position);
        return batch.Count;
    }
}
