using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Embedded;

public static partial class SpanBatchRecord
{
    /// <summary>The tenant of an encoded batch, read without decoding the rest.</summary>
    public static string ReadTenant(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 3 || payload[0] != Version) ThrowInvalid("unknown span batch record version or short record");
        var length = BinaryPrimitives.ReadUInt16LittleEndian(payload[1..]);
        if (payload.Length < 3 + length) ThrowInvalid("span batch record shorter than its tenant");
        return Encoding.ASCII.GetString(payload.Slice(3, length));
    }

    /// <summary>
    /// Decodes a payload written by <see cref="Encode"/>. Every row reference is checked against
    /// the tables it points into, so a decoded batch is safe to read; throws
    /// <see cref="InvalidDataException"/> when the payload is not a valid record.
    /// </summary>
    public static SpanBatch Decode(ReadOnlySpan<byte> payload, out string tenant)
    {
        tenant = ReadTenant(payload);
        var r = new Reader(payload) { Position = 3 + tenant.Length };
        if (payload.Length < HeaderSize(tenant.Length)) ThrowInvalid("span batch record header is truncated");
        var arena = r.Count();
        var resources = r.Count();
        var scopes = r.Count();
        var spans = r.Count();
        var events = r.Count();
        var links = r.Count();
        var resourceAttributes = r.Count();
        var scopeAttributes = r.Count();
        var spanAttributes = r.Count();
        var eventAttributes = r.Count();
        var linkAttributes = r.Count();
        long expected = HeaderSize(tenant.Length) + (long)arena + (long)resources * ResourceSize + (long)scopes * ScopeSize
            + (long)spans * SpanSize + (long)events * EventSize + (long)links * LinkSize
            + ((long)resourceAttributes + scopeAttributes + spanAttributes + eventAttributes + linkAttributes) * KeyValueSize;
        if (expected != payload.Length) ThrowInvalid($"span batch record is {payload.Length} bytes, its counts say {expected}");

        var batch = new SpanBatch();
        batch.Bytes.Append(payload.Slice(r.Position, arena));
        r.Position += arena;
        r.ArenaLength = arena;

        for (var i = 0; i < resources; i++)
        {
            ref var row = ref batch.Resources.Add();
            row.Attributes = r.Range(resourceAttributes);
            row.DroppedAttributesCount = r.U32();
            row.SchemaUrl = r.Ref();
        }
        for (var i = 0; i < scopes; i++)
        {
            ref var row = ref batch.Scopes.Add();
            row.Resource = r.Index(resources);
            row.Name = r.Ref();
            row.Version = r.Ref();
            row.Attributes = r.Range(scopeAttributes);
            row.DroppedAttributesCount = r.U32();
            row.SchemaUrl = r.Ref();
        }
        for (var i = 0; i < spans; i++)
        {
            ref var row = ref batch.Spans.Add();
            row.Scope = r.Index(scopes);
            row.TraceId = r.TraceId();
            row.SpanId = new SpanId(r.U64());
            row.ParentSpanId = new SpanId(r.U64());
            row.TraceState = r.Ref();
            row.Flags = r.U32();
            row.Name = r.Ref();
            row.Kind = (SpanKind)r.U8();
            row.StartUnixNano = r.I64();
            row.EndUnixNano = r.I64();
            row.Attributes = r.Range(spanAttributes);
            row.DroppedAttributesCount = r.U32();
            row.Events = r.Range(events);
            row.DroppedEventsCount = r.U32();
            row.Links = r.Range(links);
            row.DroppedLinksCount = r.U32();
            row.StatusCode = (StatusCode)r.U8();
            row.StatusMessage = r.Ref();
        }
        for (var i = 0; i < events; i++)
        {
            ref var row = ref batch.Events.Add();
            row.TimeUnixNano = r.I64();
            row.Name = r.Ref();
            row.Attributes = r.Range(eventAttributes);
            row.DroppedAttributesCount = r.U32();
        }
        for (var i = 0; i < links; i++)
        {
            ref var row = ref batch.Links.Add();
            row.TraceId = r.TraceId();
            row.SpanId = new SpanId(r.U64());
            row.TraceState = r.Ref();
            row.Attributes = r.Range(linkAttributes);
            row.DroppedAttributesCount = r.U32();
            row.Flags = r.U32();
        }
        r.KeyValues(batch.ResourceAttributes, resourceAttributes);
        r.KeyValues(batch.ScopeAttributes, scopeAttributes);
        r.KeyValues(batch.SpanAttributes, spanAttributes);
        r.KeyValues(batch.EventAttributes, eventAttributes);
        r.KeyValues(batch.LinkAttributes, linkAttributes);
        return batch;
    }

    [DoesNotReturn]
    private static void ThrowInvalid(string message) => throw new InvalidDataException(message);

    private ref struct Reader(ReadOnlySpan<byte> buffer)
    {
        private readonly ReadOnlySpan<byte> _buffer = buffer;
        public int Position;
        public int ArenaLength;

        public byte U8() => _buffer[Position++];

        public int I32()
        {
            var v = BinaryPrimitives.ReadInt32LittleEndian(_buffer[Position..]);
            Position += 4;
            return v;
        }

        public uint U32()
        {
            var v = BinaryPrimitives.ReadUInt32LittleEndian(_buffer[Position..]);
            Position += 4;
            return v;
        }

        public long I64()
        {
            var v = BinaryPrimitives.ReadInt64LittleEndian(_buffer[Position..]);
            Position += 8;
            return v;
        }

        public ulong U64()
        {
            var v = BinaryPrimitives.ReadUInt64LittleEndian(_buffer[Position..]);
            Position += 8;
            return v;
        }

        public TraceId TraceId()
        {
            var high = U64();
            return new TraceId(high, U64());
        }

        public int Count()
        {
            var v = I32();
            if (v < 0) ThrowInvalid("negative row count in span batch record");
            return v;
        }

        public int Index(int tableCount)
        {
            var v = I32();
            if ((uint)v >= (uint)tableCount) ThrowInvalid("row index out of range in span batch record");
            return v;
        }

        public Utf8Ref Ref()
        {
            var offset = I32();
            var length = I32();
            if (length == 0) return new Utf8Ref(offset, 0);
            if ((uint)offset > (uint)ArenaLength || (uint)length > (uint)(ArenaLength - offset)) ThrowInvalid("string reference outside the arena in span batch record");
            return new Utf8Ref(offset, length);
        }

        public RowRange Range(int tableCount)
        {
            var start = I32();
            var count = I32();
            if (count == 0) return new RowRange(start, 0);
            if ((uint)start > (uint)tableCount || (uint)count > (uint)(tableCount - start)) ThrowInvalid("row range out of range in span batch record");
            return new RowRange(start, count);
        }

        public void KeyValues(RowList<KeyValueRow> rows, int count)
        {
            for (var i = 0; i < count; i++)
            {
                ref var kv = ref rows.Add();
                kv.Key = Ref();
                kv.Value.Kind = (ValueKind)U8();
                kv.Value.Scalar = I64();
                kv.Value.Bytes = Ref();
            }
        }
    }
}
