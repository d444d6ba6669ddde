using System.Buffers.Binary;
using System.Text;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Embedded;

/// <summary>
/// The WAL payload of one span batch: a version byte, the tenant, the row counts, the batch's
/// byte arena verbatim, then every row table field by field, little-endian (layout in
/// src/Orrery.Storage/Wal/FORMAT.md). String references are arena offsets, so the arena is
/// copied once and no string is re-encoded: encoding is a sequence of fixed-size stores.
/// </summary>
public static partial class SpanBatchRecord
{
    /// <summary>The WAL record type of a span batch.</summary>
    public const byte RecordType = 1;

    public const byte Version = 1;

    private const int TableCount = 11;
    private const int RefSize = 8;
    private const int RangeSize = 8;
    private const int ResourceSize = RangeSize + 4 + RefSize;
    private const int ScopeSize = 4 + RefSize + RefSize + RangeSize + 4 + RefSize;

    // scope, trace id, span id, parent, trace state, flags, name, kind, start, end,
    // attributes, dropped, events, dropped, links, dropped, status code, status message
    private const int SpanSize = 4 + 16 + 8 + 8 + RefSize + 4 + RefSize + 1 + 8 + 8 + RangeSize + 4 + RangeSize + 4 + RangeSize + 4 + 1 + RefSize;
    private const int EventSize = 8 + RefSize + RangeSize + 4;
    private const int LinkSize = 16 + 8 + RefSize + RangeSize + 4 + 4;
    private const int KeyValueSize = RefSize + 1 + 8 + RefSize;

    /// <summary>The exact encoded size of <paramref name="batch"/> for <paramref name="tenant"/>.</summary>
    public static int GetEncodedLength(string tenant, SpanBatch batch)
    {
        long size = HeaderSize(tenant.Length)
            + batch.Bytes.Length
            + (long)batch.Resources.Count * ResourceSize
            + (long)batch.Scopes.Count * ScopeSize
            + (long)batch.Spans.Count * SpanSize
            + (long)batch.Events.Count * EventSize
            + (long)batch.Links.Count * LinkSize
            + (long)(batch.ResourceAttributes.Count + batch.ScopeAttributes.Count + batch.SpanAttributes.Count
                + batch.EventAttributes.Count + batch.LinkAttributes.Count) * KeyValueSize;
        return size <= int.MaxValue ? (int)size : throw new ArgumentException("span batch is too large for one WAL record", nameof(batch));
    }

    /// <summary>Encodes into <paramref name="destination"/>, which must hold <see cref="GetEncodedLength"/> bytes; returns that length.</summary>
    public static int Encode(string tenant, SpanBatch batch, Span<byte> destination)
    {
        var w = new Writer(destination);
        w.U8(Version);
        w.U16((ushort)tenant.Length);
        w.Position += Encoding.ASCII.GetBytes(tenant, destination[w.Position..]);
        w.I32(batch.Bytes.Length);
        w.I32(batch.Resources.Count);
        w.I32(batch.Scopes.Count);
        w.I32(batch.Spans.Count);
        w.I32(batch.Events.Count);
        w.I32(batch.Links.Count);
        w.I32(batch.ResourceAttributes.Count);
        w.I32(batch.ScopeAttributes.Count);
        w.I32(batch.SpanAttributes.Count);
        w.I32(batch.EventAttributes.Count);
        w.I32(batch.LinkAttributes.Count);
        batch.Bytes.Written.CopyTo(destination[w.Position..]);
        w.Position += batch.Bytes.Length;

        foreach (ref readonly var r in batch.Resources.AsSpan())
        {
            w.Range(r.Attributes);
            w.U32(r.DroppedAttributesCount);
            w.Ref(r.SchemaUrl);
        }
        foreach (ref readonly var s in batch.Scopes.AsSpan())
        {
            w.I32(s.Resource);
            w.Ref(s.Name);
            w.Ref(s.Version);
            w.Range(s.Attributes);
            w.U32(s.DroppedAttributesCount);
            w.Ref(s.SchemaUrl);
        }
        foreach (ref readonly var s in batch.Spans.AsSpan())
        {
            w.I32(s.Scope);
            w.TraceId(s.TraceId);
            w.U64(s.SpanId.Value);
            w.U64(s.ParentSpanId.Value);
            w.Ref(s.TraceState);
            w.U32(s.Flags);
            w.Ref(s.Name);
            w.U8((byte)s.Kind);
            w.I64(s.StartUnixNano);
            w.I64(s.EndUnixNano);
            w.Range(s.Attributes);
            w.U32(s.DroppedAttributesCount);
            w.Range(s.Events);
            w.U32(s.DroppedEventsCount);
            w.Range(s.Links);
            w.U32(s.DroppedLinksCount);
            w.U8((byte)s.StatusCode);
            w.Ref(s.StatusMessage);
        }
        foreach (ref readonly var e in batch.Events.AsSpan())
        {
            w.I64(e.TimeUnixNano);
            w.Ref(e.Name);
            w.Range(e.Attributes);
            w.U32(e.DroppedAttributesCount);
        }
        foreach (ref readonly var l in batch.Links.AsSpan())
        {
            w.TraceId(l.TraceId);
            w.U64(l.SpanId.Value);
            w.Ref(l.TraceState);
            w.Range(l.Attributes);
            w.U32(l.DroppedAttributesCount);
            w.U32(l.Flags);
        }
        w.KeyValues(batch.ResourceAttributes);
        w.KeyValues(batch.ScopeAttributes);
        w.KeyValues(batch.SpanAttributes);
        w.KeyValues(batch.EventAttributes);
        w.KeyValues(batch.LinkAttributes);
        return w.Position;
    }

    private static int HeaderSize(int tenantLength) => 1 + 2 + tenantLength + TableCount * 4;

    private ref struct Writer(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        public int Position;

        public void U8(byte v) => _buffer[Position++] = v;

        public void U16(ushort v)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(_buffer[Position..], v);
            Position += 2;
        }

        public void I32(int v)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_buffer[Position..], v);
            Position += 4;
        }

        public void U32(uint v)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer[Position..], v);
            Position += 4;
        }

        public void I64(long v)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_buffer[Position..], v);
            Position += 8;
        }

        public void U64(ulong v)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_buffer[Position..], v);
            Position += 8;
        }

        public void TraceId(TraceId id)
        {
            U64(id.High);
            U64(id.Low);
        }

        public void Ref(Utf8Ref r)
        {
            I32(r.Offset);
            I32(r.Length);
        }

        public void Range(RowRange r)
        {
            I32(r.Start);
            I32(r.Count);
        }

        public void KeyValues(RowList<KeyValueRow> rows)
        {
            foreach (ref readonly var kv in rows.AsSpan())
            {
                Ref(kv.Key);
                U8((byte)kv.Value.Kind);
                I64(kv.Value.Scalar);
                Ref(kv.Value.Bytes);
            }
        }
    }
}
