using System.Buffers.Binary;
using Orrery.Signals.Labels;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// A snapshot of every tenant's head (series, chunks, out-of-order samples, exemplars, metadata)
/// taken at a cut and at shutdown, so the WAL segments before it can be deleted and a restart
/// reads chunks instead of re-appending every sample. Layout in README.md: a header naming the
/// first WAL segment to replay after it, then CRC-checked frames, so a large head streams to
/// disk a few thousand series at a time.
/// </summary>
internal static class HeadCheckpoint
{
    public const string FileName = "checkpoint";

    /// <summary>"ORMC" read as a little-endian u32.</summary>
    private const uint Magic = 0x434D524F;
    private const byte Version = 1;
    private const byte TenantFrame = 1;
    private const byte SeriesFrame = 2;
    private const byte ExemplarFrame = 3;
    private const byte MetadataFrame = 4;
    private const byte EndFrame = 0xFF;

    /// <summary>Series per frame: bounds the buffer while writing a head of a million series.</summary>
    private const int SeriesPerFrame = 4096;

    /// <summary>Writes the snapshot atomically (temporary file, fsync, rename).</summary>
    public static void Write(string walDirectory, int replayFromSegment, IEnumerable<TenantHead> heads)
    {
        var path = Path.Combine(walDirectory, FileName);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            Span<byte> header = stackalloc byte[9];
            BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
            header[4] = Version;
            BinaryPrimitives.WriteInt32LittleEndian(header[5..], replayFromSegment);
            file.Write(header);
            var buffer = new ByteBuffer(1 << 16);
            foreach (var head in heads) WriteTenant(file, buffer, head);
            buffer.Clear();
            WriteFrame(file, EndFrame, buffer);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static void WriteTenant(FileStream file, ByteBuffer buffer, TenantHead head)
    {
        buffer.Clear();
        buffer.WriteBytes(System.Text.Encoding.ASCII.GetBytes(head.Tenant));
        buffer.WriteVarUInt((ulong)head.NextId);
        WriteFrame(file, TenantFrame, buffer);

        var series = head.SnapshotSeries();
        for (var start = 0; start < series.Count; start += SeriesPerFrame)
        {
            buffer.Clear();
            var end = Math.Min(series.Count, start + SeriesPerFrame);
            buffer.WriteVarUInt((ulong)(end - start));
            for (var i = start; i < end; i++) WriteSeries(buffer, head, series[i]);
            WriteFrame(file, SeriesFrame, buffer);
        }

        buffer.Clear();
        var exemplars = head.Exemplars.ToArray();
        buffer.WriteVarUInt((ulong)exemplars.Length);
        foreach (var e in exemplars)
        {
            WriteLabels(buffer, head.LabelsOf(e.Series));
            buffer.WriteVarInt(e.TimestampMs);
            HistogramCodec.WriteDouble(buffer, e.Value);
            WriteLabels(buffer, e.Labels);
        }
        WriteFrame(file, ExemplarFrame, buffer);

        buffer.Clear();
        var metadata = head.Metadata.All();
        buffer.WriteVarUInt((ulong)metadata.Count);
        foreach (var (family, m) in metadata)
        {
            WriteString(buffer, family);
            buffer.WriteByte((byte)m.Type);
            WriteString(buffer, m.Help);
            WriteString(buffer, m.Unit);
        }
        WriteFrame(file, MetadataFrame, buffer);
    }

    private static void WriteSeries(ByteBuffer buffer, TenantHead head, HeadSeries series)
    {
        series.SnapshotAll(out var closed, out var open, out var ooo);
        buffer.WriteVarUInt((ulong)series.Id);
        WriteLabels(buffer, head.LabelsOf(series));
        buffer.WriteVarUInt((ulong)closed.Length);
        foreach (var c in closed) WriteChunk(buffer, c, head.ChunkFiles);
        buffer.WriteByte(open is null ? (byte)0 : (byte)1);
        if (open is { } o) WriteChunk(buffer, o);
        buffer.WriteVarUInt((ulong)ooo.Length);
        foreach (var s in ooo)
        {
            buffer.WriteVarInt(s.TimestampMs);
            if (s.Histogram is null)
            {
                buffer.WriteByte(0);
                HistogramCodec.WriteDouble(buffer, s.Value);
            }
            else
            {
                buffer.WriteByte(1);
                HistogramCodec.Write(buffer, s.Histogram);
            }
        }
    }

    /// <summary>
    /// Restores heads from the snapshot; returns the first WAL segment to replay (0 when there is
    /// no snapshot). A damaged frame ends the restore there: what follows comes back from the WAL
    /// only if its segments still exist, which is logged by the caller.
    /// </summary>
    public static int Read(string walDirectory, Func<string, TenantHead> headOf, out string? damage)
    {
        damage = null;
        var path = Path.Combine(walDirectory, FileName);
        if (!File.Exists(path)) return 0;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> header = stackalloc byte[9];
        if (file.ReadAtLeast(header, 9, throwOnEndOfStream: false) < 9
            || BinaryPrimitives.ReadUInt32LittleEndian(header) != Magic || header[4] != Version)
        {
            damage = "unknown or truncated checkpoint header";
            return 0;
        }
        var replayFrom = BinaryPrimitives.ReadInt32LittleEndian(header[5..]);
        TenantHead? head = null;
        var frameHeader = new byte[9];
        while (true)
        {
            if (file.ReadAtLeast(frameHeader, 9, throwOnEndOfStream: false) < 9)
            {
                damage = "checkpoint ends without its end frame";
                return replayFrom;
            }
            var kind = frameHeader[0];
            var length = BinaryPrimitives.ReadInt32LittleEndian(frameHeader.AsSpan(1));
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(frameHeader.AsSpan(5));
            if (length < 0 || length > file.Length - file.Position)
            {
                damage = "checkpoint frame length out of range";
                return replayFrom;
            }
            var payload = new byte[length];
            file.ReadExactly(payload);
            if (Crc32C.Compute(payload) != crc)
            {
                damage = "checkpoint frame checksum mismatch";
                return replayFrom;
            }
            if (kind == EndFrame) return replayFrom;
            var reader = new ByteReader(payload);
            switch (kind)
            {
                case TenantFrame:
                    head = headOf(System.Text.Encoding.ASCII.GetString(reader.ReadBytes()));
                    head.RaiseNextId(reader.ReadCount());
                    break;
                case SeriesFrame when head is not null:
                    ReadSeries(ref reader, head);
                    break;
                case ExemplarFrame when head is not null:
                    ReadExemplars(ref reader, head);
                    break;
                case MetadataFrame when head is not null:
                    var n = reader.ReadCount();
                    for (var i = 0; i < n; i++)
                    {
                        var family = ReadString(ref reader);
                        var type = (Signals.Metrics.MetricType)reader.ReadByte();
                        head.Metadata.Set(family, new MetricMetadata(type, ReadString(ref reader), ReadString(ref reader)));
                    }
                    break;
                default:
                    damage = $"unexpected checkpoint frame {kind}";
                    return replayFrom;
            }
        }
    }

    private static void ReadSeries(ref ByteReader reader, TenantHead head)
    {
        var count = reader.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadCount();
            var series = head.DefineSeries(id, MetricBatchRecord.ReadLabels(ref reader));
            var closed = reader.ReadCount();
            var chunks = new List<ChunkRef>(closed + 1);
            for (var c = 0; c < closed; c++) chunks.Add(ReadChunk(ref reader));
            // The open chunk comes back closed: restoring reads no sample, and the series starts a
            // fresh chunk with its next one.
            if (reader.ReadByte() == 1) chunks.Add(ReadChunk(ref reader));
            head.RestoreChunks(series, [.. chunks]);
            var ooo = reader.ReadCount();
            for (var s = 0; s < ooo; s++)
            {
                var timestamp = reader.ReadVarInt();
                if (reader.ReadByte() == 0) head.Restore(series, timestamp, HistogramCodec.ReadDouble(ref reader), null);
                else head.Restore(series, timestamp, 0, HistogramCodec.Read(ref reader));
            }
        }
    }

    private static void ReadExemplars(ref ByteReader reader, TenantHead head)
    {
        var count = reader.ReadCount();
        for (var i = 0; i < count; i++)
        {
            var series = head.Detached(MetricBatchRecord.ReadLabels(ref reader));
            var timestamp = reader.ReadVarInt();
            var value = HistogramCodec.ReadDouble(ref reader);
            head.Exemplars.Add(series, timestamp, value, LabelSet.FromSorted(MetricBatchRecord.ReadLabels(ref reader)));
        }
    }

    private static void WriteFrame(FileStream file, byte kind, ByteBuffer payload)
    {
        Span<byte> header = stackalloc byte[9];
        header[0] = kind;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[5..], Crc32C.Compute(payload.Written));
        file.Write(header);
        file.Write(payload.Written);
    }

    /// <summary>A closed chunk, its bytes copied from the chunk files straight into the frame: the same layout as <see cref="WriteChunk(ByteBuffer, ChunkRef)"/>.</summary>
    private static void WriteChunk(ByteBuffer buffer, HeadChunkRef chunk, HeadChunkFiles files)
    {
        buffer.WriteVarInt(chunk.MinTimeMs);
        buffer.WriteVarInt(chunk.MaxTimeMs);
        var length = files.LengthOf(chunk.Location);
        buffer.WriteVarUInt((ulong)length);
        files.Read(chunk.Location, buffer.Reserve(length, out _));
    }

    private static void WriteChunk(ByteBuffer buffer, ChunkRef chunk)
    {
        buffer.WriteVarInt(chunk.MinTimeMs);
        buffer.WriteVarInt(chunk.MaxTimeMs);
        buffer.WriteBytes(chunk.Bytes.Span);
    }

    private static ChunkRef ReadChunk(ref ByteReader reader)
    {
        var min = reader.ReadVarInt();
        var max = reader.ReadVarInt();
        return new ChunkRef(min, max, reader.ReadBytes().ToArray());
    }

    private static void WriteLabels(ByteBuffer buffer, LabelSet labels)
    {
        buffer.WriteVarUInt((ulong)labels.Count);
        foreach (var label in labels.AsSpan())
        {
            WriteString(buffer, label.Name);
            WriteString(buffer, label.Value);
        }
    }

    private static void WriteString(ByteBuffer buffer, string value) => buffer.WriteBytes(System.Text.Encoding.UTF8.GetBytes(value));

    private static string ReadString(ref ByteReader reader) => System.Text.Encoding.UTF8.GetString(reader.ReadBytes());
}
