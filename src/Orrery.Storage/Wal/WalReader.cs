using System.Buffers.Binary;
using Microsoft.Extensions.Logging;

namespace Orrery.Storage.Wal;

/// <summary>
/// Replays segments in order. Damage never stops replay: a record that fails its checks is
/// skipped by searching for the next valid frame (magic + length + CRC), so valid records after
/// it are kept; the skipped bytes are reported with their segment and offset. Damage with no
/// valid record after it in the last segment is a torn tail (a write cut short by a crash): the
/// segment is truncated there so the log ends cleanly.
/// </summary>
internal static class WalReader
{
    public static WalReplayResult Replay(string directory, ILogger logger, Action<WalRecord> onRecord)
    {
        var segments = WalSegmentFiles.List(directory);
        var losses = new List<WalLoss>();
        var records = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var path = WalSegmentFiles.PathOf(directory, segment);
            var data = File.ReadAllBytes(path);
            records += ReplaySegment(segment, data, i == segments.Count - 1, path, logger, losses, onRecord);
        }
        return new WalReplayResult(records, segments.Count == 0 ? 0 : segments[^1], losses);
    }

    private static int ReplaySegment(
        int segment, byte[] data, bool isLast, string path, ILogger logger, List<WalLoss> losses, Action<WalRecord> onRecord)
    {
        var records = 0;
        var offset = 0;
        while (offset < data.Length)
        {
            if (WalRecordHeader.TryValidate(data, offset, out var type, out var length, out var problem))
            {
                onRecord(new WalRecord(new WalPosition(segment, offset), type, data.AsMemory(offset + WalRecordHeader.Size, length)));
                records++;
                offset += WalRecordHeader.Size + length;
                continue;
            }

            var next = FindNextRecord(data, offset + 1);
            if (next >= 0)
            {
                losses.Add(new WalLoss(segment, offset, next - offset, problem!));
                logger.LogError(
                    "WAL segment {Segment}: skipped {Bytes} damaged bytes at offset {Offset} ({Problem}); replay resumes at offset {Next}",
                    segment, next - offset, offset, problem, next);
                offset = next;
                continue;
            }

            var lost = data.Length - offset;
            if (isLast)
            {
                losses.Add(new WalLoss(segment, offset, lost, "torn tail: " + problem));
                logger.LogWarning(
                    "WAL segment {Segment}: torn tail at offset {Offset} ({Problem}); truncating {Bytes} bytes",
                    segment, offset, problem, lost);
                Truncate(path, offset);
            }
            else
            {
                losses.Add(new WalLoss(segment, offset, lost, problem!));
                logger.LogError(
                    "WAL segment {Segment}: {Bytes} damaged bytes from offset {Offset} to the end of the segment ({Problem}) are lost",
                    segment, lost, offset, problem);
            }
            break;
        }
        return records;
    }

    /// <summary>The offset of the next complete, valid record at or after <paramref name="from"/>; -1 when none.</summary>
    private static int FindNextRecord(byte[] data, int from)
    {
        Span<byte> magic = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(magic, WalRecordHeader.Magic);
        while (from < data.Length)
        {
            var i = data.AsSpan(from).IndexOf(magic);
            if (i < 0) return -1;
            var candidate = from + i;
            if (WalRecordHeader.TryValidate(data, candidate, out _, out _, out _)) return candidate;
            from = candidate + 1;
        }
        return -1;
    }

    private static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        stream.SetLength(length);
        stream.Flush(flushToDisk: true);
    }
}
