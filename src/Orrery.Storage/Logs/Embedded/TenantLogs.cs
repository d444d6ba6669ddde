using Orrery.Signals.Logs;
using Orrery.Storage.Embedded;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// One tenant's logs: its streams, head parts of per-stream lines and log blocks (see
/// <see cref="HeadTenant{TPart, THandle}"/>). <see cref="HeadTenant{TPart, THandle}.Sync"/>
/// also guards the parts' contents: readers hold it while taking snapshots.
/// </summary>
internal sealed class TenantLogs(string tenant, string blocksDirectory, TimeProvider time)
    : HeadTenant<LogHeadPart, LogBlockHandle>(tenant, blocksDirectory, time, static timestamp => new LogHeadPart(timestamp))
{
    public StreamRegistry Streams { get; } = new();

    /// <summary>Bytes held by the head (active and frozen parts).</summary>
    public long HeadBytes => SumOverParts(static p => p.Bytes);

    /// <summary>Appends a WAL record's lines to the active part; called in WAL order.</summary>
    public LogHeadPart Append(LogBatch batch, LogStream?[] streams, ReadOnlySpan<bool> accepted, WalPosition position)
    {
        lock (Sync)
        {
            var active = Active;
            active.Append(batch, streams, accepted, position);
            return active;
        }
    }

    /// <summary>Takes the current blocks (acquired: release each) and head parts, oldest first. Call under <see cref="HeadTenant{TPart, THandle}.Sync"/> to snapshot heads consistently.</summary>
    public (List<LogBlockHandle> Blocks, LogHeadPart[] Parts) AcquireView() => AcquireBlocksAndParts();
}
