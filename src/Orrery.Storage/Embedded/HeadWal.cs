using Microsoft.Extensions.Logging;
using Orrery.Signals;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Embedded;

/// <summary>Reads a tenant out of a WAL record's payload (the codec's first field).</summary>
internal delegate string ReadRecordTenant(ReadOnlySpan<byte> payload);

/// <summary>Decodes a WAL record into the tenant's head; returns the items (spans, lines) it held.</summary>
internal delegate long ReplayRecord(string tenant, ReadOnlySpan<byte> payload, WalPosition position);

/// <summary>The one record type a store's WAL holds, and how it goes back into the head.</summary>
/// <param name="Signal">The signal in log messages: "trace", "log".</param>
/// <param name="Name">The record in messages: "span batch record".</param>
/// <param name="Items">What <paramref name="Replay"/> counts, in messages: "spans".</param>
internal sealed record HeadRecordType(string Signal, byte Type, string Name, string Items, ReadRecordTenant ReadTenant, ReplayRecord Replay);

/// <summary>
/// The WAL of a store that cuts its head into blocks (traces, logs): a checkpoint names, per
/// tenant, the position up to which every record is in a block, so start-up replays only the
/// rest, and segments go once every head part they hold is in a block.
/// </summary>
internal static class HeadWal
{
    /// <summary>
    /// Opens the WAL under <paramref name="walDirectory"/> and its checkpoint, replays every record
    /// the checkpoint does not cover into the heads, then starts the WAL writing segments numbered
    /// above any the checkpoint names.
    /// </summary>
    public static WriteAheadLog OpenAndReplay(string walDirectory, WalOptions options, HeadRecordType records, ILogger logger, out WalCheckpoint checkpoint)
    {
        Directory.CreateDirectory(walDirectory);
        var loaded = checkpoint = WalCheckpoint.Load(Path.Combine(walDirectory, "checkpoint"));
        var wal = WriteAheadLog.Open(walDirectory, options, logger);
        long replayed = 0, skipped = 0;
        var result = wal.Replay(record =>
        {
            if (Replay(record, loaded, records, logger, out var items)) replayed += items;
            else skipped++;
        });
        wal.Start(loaded.MaxSegment + 1);
        logger.LogInformation(
            "{Signal} WAL replayed: {Records} records, {Replayed} {Items} into the head, {Skipped} already in blocks or unusable, {Losses} damaged ranges",
            records.Signal, result.Records, replayed, records.Items, skipped, result.Losses.Count);
        return wal;
    }

    /// <summary>
    /// Deletes the segments every record of which is in a block: those before the oldest segment
    /// any tenant's head still holds a record of (<paramref name="oldestUnflushedPerTenant"/>,
    /// null for an empty head), and never the segment being written.
    /// </summary>
    public static void DeleteFlushedSegments(WriteAheadLog wal, IEnumerable<int?> oldestUnflushedPerTenant)
    {
        // Read the WAL's current segment before the heads: a record written but not yet in a
        // head lies in that segment (callbacks run before the writer rotates), so it is kept.
        var keepFrom = wal.CurrentSegment;
        foreach (var oldest in oldestUnflushedPerTenant)
        {
            if (oldest is { } segment) keepFrom = Math.Min(keepFrom, segment);
        }
        wal.DeleteSegmentsBefore(keepFrom);
    }

    private static bool Replay(WalRecord record, WalCheckpoint checkpoint, HeadRecordType records, ILogger logger, out long items)
    {
        items = 0;
        if (record.Type != records.Type)
        {
            logger.LogWarning("{Signal} WAL {Position}: unknown record type {Type}, skipped", records.Signal, record.Position, record.Type);
            return false;
        }
        try
        {
            var payload = record.Payload.Span;
            var tenant = records.ReadTenant(payload);
            if (checkpoint.Covers(tenant, record.Position)) return false;
            if (Tenant.Validate(tenant) is { } problem) throw new InvalidDataException(problem);
            items = records.Replay(tenant, payload, record.Position);
            return true;
        }
        catch (InvalidDataException ex)
        {
            // The frame's CRC matched, so the bytes are as written: this is a codec mismatch
            // (e.g. a record from a newer version), reported with its location.
            var error = new WalCorruptionException(record.Position.Segment, record.Position.Offset, $"{records.Name} cannot be decoded", ex);
            logger.LogError(error, "{Signal} WAL record skipped ({Bytes} bytes lost)", records.Signal, record.Payload.Length);
            return false;
        }
    }
}
