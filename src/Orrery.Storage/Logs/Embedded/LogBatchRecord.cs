using System.Text;
using Orrery.Signals;
using Orrery.Signals.Logs;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// The WAL payload of the accepted lines of one log batch (record type 2; layout in
/// Logs/Blocks/FORMAT.md, "WAL record"): the tenant, the streams the lines use, then each line
/// with its timestamp, ids, severity and metadata. Replay decodes it back into a
/// <see cref="LogBatch"/> and appends it to the head as at ingest.
/// </summary>
internal static class LogBatchRecord
{
    public const byte RecordType = 2;
    public const byte Version = 1;

    private const byte HasTraceId = 1;
    private const byte HasSpanId = 2;

    /// <summary>Writes the records of <paramref name="batch"/> whose <paramref name="accepted"/> flag is set.</summary>
    public static void Encode(string tenant, LogBatch batch, ReadOnlySpan<bool> accepted, ByteBuffer output)
    {
        output.WriteByte(Version);
        output.WriteBytes(Encoding.ASCII.GetBytes(tenant));
        var streams = batch.Streams.AsSpan();
        var used = new int[streams.Length];
        var records = batch.Records.AsSpan();
        for (var r = 0; r < records.Length; r++)
        {
            if (accepted[r]) used[records[r].Stream] = 1;
        }
        var count = 0;
        for (var s = 0; s < used.Length; s++) used[s] = used[s] == 1 ? count++ : -1;
        output.WriteVarUInt((ulong)count);
        for (var s = 0; s < streams.Length; s++)
        {
            if (used[s] < 0) continue;
            var labels = batch.LabelsOf(s);
            output.WriteVarUInt((ulong)labels.Length);
            foreach (var l in labels)
            {
                output.WriteBytes(batch.Utf8(l.Name));
                output.WriteBytes(batch.Utf8(l.Value));
            }
        }
        var lines = 0;
        foreach (var a in accepted) lines += a ? 1 : 0;
        output.WriteVarUInt((ulong)lines);
        Span<byte> id = stackalloc byte[TraceId.Size];
        for (var r = 0; r < records.Length; r++)
        {
            if (!accepted[r]) continue;
            ref readonly var record = ref records[r];
            output.WriteVarUInt((ulong)used[record.Stream]);
            output.WriteVarInt(record.TimestampNs);
            output.WriteBytes(batch.Utf8(record.Line));
            var flags = (byte)((record.TraceId.IsEmpty ? 0 : HasTraceId) | (record.SpanId.IsEmpty ? 0 : HasSpanId));
            output.WriteByte(flags);
            if ((flags & HasTraceId) != 0)
            {
                record.TraceId.WriteTo(id);
                output.Write(id);
            }
            if ((flags & HasSpanId) != 0) output.WriteUInt64BigEndian(record.SpanId.Value);
            output.WriteByte(record.SeverityNumber);
            var metadata = batch.MetadataOf(r);
            output.WriteVarUInt((ulong)metadata.Length);
            foreach (var m in metadata)
            {
                output.WriteBytes(batch.Utf8(m.Name));
                output.WriteBytes(batch.Utf8(m.Value));
            }
        }
    }

    public static string ReadTenant(ReadOnlySpan<byte> payload)
    {
        var r = new ByteReader(payload);
        if (r.ReadByte() != Version) throw new InvalidDataException("unknown log batch record version");
        return Encoding.ASCII.GetString(r.ReadBytes());
    }

    /// <summary>Decodes a payload into a new batch (every stream in it is used by some line).</summary>
    public static LogBatch Decode(ReadOnlySpan<byte> payload, out string tenant)
    {
        var r = new ByteReader(payload);
        var version = r.ReadByte();
        if (version != Version) throw new InvalidDataException($"unknown log batch record version {version}");
        tenant = Encoding.ASCII.GetString(r.ReadBytes());
        var batch = new LogBatch();
        var streams = r.ReadCount();
        for (var s = 0; s < streams; s++)
        {
            batch.BeginStream();
            var labels = r.ReadCount();
            for (var i = 0; i < labels; i++)
            {
                var name = r.ReadBytes();
                batch.AddStreamLabel(name, r.ReadBytes());
            }
            if (batch.EndStream(out var duplicate) != s) throw new InvalidDataException($"stream {s} has label {duplicate} twice");
        }
        var lines = r.ReadCount();
        for (var i = 0; i < lines; i++)
        {
            var stream = r.ReadCount();
            if (stream >= streams) throw new InvalidDataException($"line names stream {stream} of {streams}");
            var row = new LogRecordRow { Stream = stream, TimestampNs = r.ReadVarInt() };
            row.Line = batch.Bytes.Append(r.ReadBytes());
            var flags = r.ReadByte();
            if ((flags & HasTraceId) != 0) row.TraceId = TraceId.Read(r.Take(TraceId.Size));
            if ((flags & HasSpanId) != 0) row.SpanId = new SpanId(r.ReadUInt64BigEndian());
            row.SeverityNumber = r.ReadByte();
            var metaStart = batch.Metadata.Count;
            var metadata = r.ReadCount();
            for (var m = 0; m < metadata; m++)
            {
                var name = r.ReadBytes();
                batch.AddMetadata(name, r.ReadBytes());
            }
            row.Metadata = new RowRange(metaStart, metadata);
            batch.Records.Add(row);
        }
        if (!r.End) throw new InvalidDataException("trailing bytes after the last line");
        return batch;
    }
}
