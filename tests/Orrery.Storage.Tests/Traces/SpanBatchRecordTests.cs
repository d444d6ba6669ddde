using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces.Embedded;

namespace Orrery.Storage.Tests.Traces;

public class SpanBatchRecordTests
{
    [Fact]
    public void Every_field_of_every_table_round_trips()
    {
        var batch = FullBatch();
        var buffer = new byte[SpanBatchRecord.GetEncodedLength("tenant-a", batch)];

        var written = SpanBatchRecord.Encode("tenant-a", batch, buffer);
        var decoded = SpanBatchRecord.Decode(buffer, out var tenant);

        Assert.Equal(buffer.Length, written);
        Assert.Equal("tenant-a", tenant);
        Assert.Equal("tenant-a", SpanBatchRecord.ReadTenant(buffer));
        Assert.Equal(batch.Bytes.Written.ToArray(), decoded.Bytes.Written.ToArray());
        Assert.Equal(batch.Resources.AsSpan().ToArray(), decoded.Resources.AsSpan().ToArray());
        Assert.Equal(batch.Scopes.AsSpan().ToArray(), decoded.Scopes.AsSpan().ToArray());
        Assert.Equal(batch.Spans.AsSpan().ToArray(), decoded.Spans.AsSpan().ToArray());
        Assert.Equal(batch.Events.AsSpan().ToArray(), decoded.Events.AsSpan().ToArray());
        Assert.Equal(batch.Links.AsSpan().ToArray(), decoded.Links.AsSpan().ToArray());
        Assert.Equal(batch.ResourceAttributes.AsSpan().ToArray(), decoded.ResourceAttributes.AsSpan().ToArray());
        Assert.Equal(batch.ScopeAttributes.AsSpan().ToArray(), decoded.ScopeAttributes.AsSpan().ToArray());
        Assert.Equal(batch.SpanAttributes.AsSpan().ToArray(), decoded.SpanAttributes.AsSpan().ToArray());
        Assert.Equal(batch.EventAttributes.AsSpan().ToArray(), decoded.EventAttributes.AsSpan().ToArray());
        Assert.Equal(batch.LinkAttributes.AsSpan().ToArray(), decoded.LinkAttributes.AsSpan().ToArray());
        Assert.Equal("GET /cart", decoded.String(decoded.Spans[1].Name));
    }

    [Fact]
    public void An_empty_batch_round_trips()
    {
        var buffer = new byte[SpanBatchRecord.GetEncodedLength("default", new SpanBatch())];
        SpanBatchRecord.Encode("default", new SpanBatch(), buffer);

        var decoded = SpanBatchRecord.Decode(buffer, out var tenant);

        Assert.Equal(("default", 0), (tenant, decoded.Count));
    }

    [Theory]
    [InlineData(-1)] // one byte short
    [InlineData(1)]  // one byte too many
    public void A_payload_whose_length_disagrees_with_its_counts_is_rejected(int delta)
    {
        var batch = FullBatch();
        var buffer = new byte[SpanBatchRecord.GetEncodedLength("t", batch)];
        SpanBatchRecord.Encode("t", batch, buffer);
        var changed = new byte[buffer.Length + delta];
        Array.Copy(buffer, changed, Math.Min(buffer.Length, changed.Length));

        Assert.Throws<InvalidDataException>(() => SpanBatchRecord.Decode(changed, out _));
    }

    [Fact]
    public void A_reference_outside_the_arena_is_rejected()
    {
        var batch = FullBatch();
        batch.Spans[0].Name = new Utf8Ref(batch.Bytes.Length - 2, 10);
        var buffer = new byte[SpanBatchRecord.GetEncodedLength("t", batch)];
        SpanBatchRecord.Encode("t", batch, buffer);

        Assert.Throws<InvalidDataException>(() => SpanBatchRecord.Decode(buffer, out _));
    }

    [Fact]
    public void An_unknown_version_is_rejected()
    {
        var buffer = new byte[SpanBatchRecord.GetEncodedLength("t", new SpanBatch())];
        SpanBatchRecord.Encode("t", new SpanBatch(), buffer);
        buffer[0] = 99;

        Assert.Throws<InvalidDataException>(() => SpanBatchRecord.Decode(buffer, out _));
    }

    /// <summary>Two resources, three scopes, spans with events and links, every value kind, every field non-default.</summary>
    private static SpanBatch FullBatch()
    {
        var b = new SpanBatch();
        var a = b.Bytes;
        KeyValueRow Kv(string key, AnyValueRow value) => new() { Key = a.Append(key), Value = value };
        var attrs = b.ResourceAttributes;
        attrs.Add(Kv("service.name", AnyValueRow.FromString(a.Append("cart"))));
        attrs.Add(Kv("host.cores", AnyValueRow.FromInt(-8)));
        attrs.Add(Kv("service.name", AnyValueRow.FromString(a.Append("payments"))));
        b.Resources.Add(new ResourceRow { Attributes = new RowRange(0, 2), DroppedAttributesCount = 3, SchemaUrl = a.Append("https://opentelemetry.io/schemas/1.21.0") });
        b.Resources.Add(new ResourceRow { Attributes = new RowRange(2, 1) });
        b.ScopeAttributes.Add(Kv("lib.flag", AnyValueRow.FromBool(true)));
        b.Scopes.Add(new ScopeRow { Resource = 0, Name = a.Append("io.opentelemetry.http"), Version = a.Append("1.2.3"), Attributes = new RowRange(0, 1), DroppedAttributesCount = 1, SchemaUrl = a.Append("s1") });
        b.Scopes.Add(new ScopeRow { Resource = 0, Name = a.Append("db") });
        b.Scopes.Add(new ScopeRow { Resource = 1, Name = a.Append("grpc") });

        b.SpanAttributes.Add(Kv("http.status_code", AnyValueRow.FromInt(503)));
        b.SpanAttributes.Add(Kv("ratio", AnyValueRow.FromDouble(-0.125)));
        b.SpanAttributes.Add(Kv("cached", AnyValueRow.FromBool(false)));
        b.SpanAttributes.Add(Kv("raw", new AnyValueRow { Kind = ValueKind.Bytes, Bytes = a.Append(new byte[] { 0, 1, 2, 255 }) }));
        b.SpanAttributes.Add(Kv("list", new AnyValueRow { Kind = ValueKind.Array, Bytes = a.Append(new byte[] { 0x0A, 0x03, 0x0A, 0x01, 0x78 }) }));
        b.SpanAttributes.Add(Kv("map", new AnyValueRow { Kind = ValueKind.KvList, Bytes = a.Append(new byte[] { 0x0A, 0x00 }) }));
        b.SpanAttributes.Add(Kv("empty", new AnyValueRow { Kind = ValueKind.Empty }));
        b.SpanAttributes.Add(Kv("nan", AnyValueRow.FromDouble(double.NaN)));
        b.EventAttributes.Add(Kv("exception.type", AnyValueRow.FromString(a.Append("System.TimeoutException"))));
        b.LinkAttributes.Add(Kv("link.kind", AnyValueRow.FromString(a.Append("follows"))));
        b.Events.Add(new EventRow { TimeUnixNano = 1_700_000_000_123_456_789, Name = a.Append("exception"), Attributes = new RowRange(0, 1), DroppedAttributesCount = 2 });
        b.Events.Add(new EventRow { TimeUnixNano = long.MaxValue, Name = a.Append("retry") });
        b.Links.Add(new LinkRow { TraceId = new TraceId(ulong.MaxValue, 1), SpanId = new SpanId(0x0102030405060708), TraceState = a.Append("k=v"), Attributes = new RowRange(0, 1), DroppedAttributesCount = 4, Flags = 0x301 });

        b.Spans.Add(new SpanRow
        {
            Scope = 0,
            TraceId = new TraceId(0x0123456789ABCDEF, 0xFEDCBA9876543210),
            SpanId = new SpanId(0x1111111111111111),
            ParentSpanId = new SpanId(0x2222222222222222),
            TraceState = a.Append("rojo=00f067aa0ba902b7"),
            Flags = 0x101,
            Name = a.Append("SELECT cart"),
            Kind = SpanKind.Client,
            StartUnixNano = 1_700_000_000_000_000_001,
            EndUnixNano = 1_700_000_000_500_000_001,
            Attributes = new RowRange(0, 4),
            DroppedAttributesCount = 5,
            Events = new RowRange(0, 2),
            DroppedEventsCount = 6,
            Links = new RowRange(0, 1),
            DroppedLinksCount = 7,
            StatusCode = StatusCode.Error,
            StatusMessage = a.Append("deadline exceeded"),
        });
        b.Spans.Add(new SpanRow
        {
            Scope = 2,
            TraceId = new TraceId(1, 2),
            SpanId = new SpanId(3),
            Name = a.Append("GET /cart"),
            Kind = SpanKind.Server,
            StartUnixNano = -5,
            EndUnixNano = 0,
            Attributes = new RowRange(4, 4),
            StatusCode = StatusCode.Ok,
        });
        return b;
    }
}
