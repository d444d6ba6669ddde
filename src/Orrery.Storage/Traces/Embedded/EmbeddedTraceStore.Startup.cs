using Orrery.Storage.Embedded;
using Orrery.Storage.Traces.Blocks;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Traces.Embedded;

public sealed partial class EmbeddedTraceStore
{
    /// <summary>Opens blocks, replays the WAL records not yet in blocks, starts the WAL and the background loops.</summary>
    private void Start()
    {
        foreach (var tenant in TenantDirectories.Under(_tracesDirectory))
        {
            var blocks = BlockDirectoryScan.OpenComplete(
                BlocksDirectoryOf(tenant), name => Guid.TryParse(name, out _), BlockDirectories.MetaFileName, path => new BlockHandle(TraceBlock.Open(path)), _logger, "trace");
            _tenants[tenant] = new TenantTraces(tenant, BlocksDirectoryOf(tenant), blocks, _options.TimeProvider);
        }

        var walOptions = new WalOptions { SyncMode = _options.WalSyncMode, SyncInterval = _options.WalSyncInterval, SegmentBytes = _options.WalSegmentBytes };
        var records = new HeadRecordType("trace", SpanBatchRecord.RecordType, "span batch record", "spans", SpanBatchRecord.ReadTenant, ReplayRecord);
        _wal = HeadWal.OpenAndReplay(_walDirectory, walOptions, records, _logger, out _checkpoint);
        if (_options.RunBackgroundTasks) _maintenance.Start(_options.CompactionInterval, _options.TimeProvider);
    }

    private long ReplayRecord(string tenant, ReadOnlySpan<byte> payload, WalPosition position)
    {
        var batch = SpanBatchRecord.Decode(payload, out _);
        var part = GetOrAddTenant(tenant).Append(batch, position, payload.Length);
        part.Tags.Add(batch);
        return batch.Count;
    }
}
