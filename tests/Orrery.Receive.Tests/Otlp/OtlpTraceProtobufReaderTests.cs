using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;
using Orrery.Receive.Otlp;
using Orrery.Signals.Traces;
using static Orrery.Receive.Tests.Otlp.OtlpSamples;

using Span = OpenTelemetry.Proto.Trace.V1.Span;

namespace Orrery.Receive.Tests.Otlp;

public class OtlpTraceProtobufReaderTests
{
    [Fact]
    public void Decodes_every_field_of_the_trace_model()
    {
        var request = Full();
        var batch = new SpanBatch();

        var result = OtlpTraceProtobufReader.Read(request.ToByteArray(), batch);

        Assert.Equal(new OtlpDecodeResult(9, 0, null), result);
        Assert.Equal(request, SpanBatchToProto.Convert(batch));
    }

    [Fact]
    public void Keeps_rows_in_place_for_the_shared_batch_shape()
    {
        var batch = new SpanBatch();
        OtlpTraceProtobufReader.Read(Full().ToByteArray(), batch);

        Assert.Equal(2, batch.Resources.Count);
        Assert.Equal(3, batch.Scopes.Count);
        Assert.Equal("checkout"u8.ToArray(), batch.ServiceName(0).ToArray());
        var first = batch.Spans[0];
        Assert.Equal(SpanKind.Server, first.Kind);
        Assert.Equal(StatusCode.Error, first.StatusCode);
        Assert.Equal(0x301u, first.Flags);
        Assert.Equal(-1L, first.EndUnixNano); // fixed64 max, kept bit for bit
        Assert.Equal(3, first.Events.Count);
        Assert.Equal(2, first.Links.Count);
        Assert.Equal(1, batch.Scopes[batch.Spans[8].Scope].Resource);
    }

    [Fact]
    public void Appends_to_a_batch_that_already_has_spans()
    {
        var batch = new SpanBatch();
        OtlpTraceProtobufReader.Read(Realistic(3).ToByteArray(), batch);

        var result = OtlpTraceProtobufReader.Read(Full().ToByteArray(), batch);

        Assert.Equal(9, result.AcceptedSpans);
        var expected = Realistic(3);
        expected.ResourceSpans.AddRange(Full().ResourceSpans);
        Assert.Equal(expected, SpanBatchToProto.Convert(batch));
    }

    [Fact]
    public void Empty_payload_is_an_empty_request()
    {
        var batch = new SpanBatch();
        Assert.Equal(new OtlpDecodeResult(0, 0, null), OtlpTraceProtobufReader.Read([], batch));
        Assert.Equal(0, batch.Resources.Count);
    }

    [Fact]
    public void Drops_resources_and_scopes_without_spans()
    {
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(new ResourceSpans { Resource = new() { Attributes = { Kv("service.name", Str("idle")) } } });
        var onlyEmptyScope = new ResourceSpans { Resource = new() };
        onlyEmptyScope.ScopeSpans.Add(new ScopeSpans { Scope = new() { Name = "nothing" } });
        request.ResourceSpans.Add(onlyEmptyScope);
        var batch = new SpanBatch();

        OtlpTraceProtobufReader.Read(request.ToByteArray(), batch);

        Assert.Equal(0, batch.Resources.Count);
        Assert.Equal(0, batch.Scopes.Count);
        Assert.Equal(0, batch.ResourceAttributes.Count);
        Assert.Equal(0, batch.Bytes.Length);
    }

    [Fact]
    public void Partial_success_keeps_exactly_the_valid_spans()
    {
        var request = new ExportTraceServiceRequest();
        var rs = new ResourceSpans { Resource = new() { Attributes = { Kv("service.name", Str("svc")) } } };
        var ss = new ScopeSpans { Scope = new() { Name = "lib" } };
        ss.Spans.Add(Good("a"));
        ss.Spans.Add(WithAttributes(new Span { TraceId = Id(15, 1), SpanId = Id(8, 1), Name = "bad trace id" }));
        ss.Spans.Add(Good("b"));
        ss.Spans.Add(WithAttributes(new Span { TraceId = Id(16, 1), SpanId = ByteString.CopyFrom(new byte[8]), Name = "zero span id" }));
        ss.Spans.Add(Good("c"));
        rs.ScopeSpans.Add(ss);
        request.ResourceSpans.Add(rs);
        var batch = new SpanBatch();

        var result = OtlpTraceProtobufReader.Read(request.ToByteArray(), batch);

        Assert.Equal(3, result.AcceptedSpans);
        Assert.Equal(2, result.RejectedSpans);
        Assert.Equal("2 spans rejected; the first: resource_spans[0].scope_spans[0].spans[1]: trace_id must be 16 bytes, got 15", result.ErrorMessage);
        var expected = request.Clone();
        var kept = expected.ResourceSpans[0].ScopeSpans[0].Spans;
        kept.RemoveAt(3);
        kept.RemoveAt(1);
        Assert.Equal(expected, SpanBatchToProto.Convert(batch));
        // The rejected spans' attributes, events, links and strings were undone too.
        Assert.Equal(3, batch.SpanAttributes.Count);
        Assert.Equal(3, batch.Events.Count);
        Assert.Equal(3, batch.Links.Count);
    }

    public static TheoryData<string, Span> InvalidSpans() => new()
    {
        { "trace_id must be 16 bytes, got 0", new Span { SpanId = Id(8, 1) } },
        { "trace_id must be 16 bytes, got 17", new Span { TraceId = Id(17, 1), SpanId = Id(8, 1) } },
        { "trace_id is all zeros", new Span { TraceId = ByteString.CopyFrom(new byte[16]), SpanId = Id(8, 1) } },
        { "span_id must be 8 bytes, got 0", new Span { TraceId = Id(16, 1) } },
        { "span_id must be 8 bytes, got 4", new Span { TraceId = Id(16, 1), SpanId = Id(4, 1) } },
        { "span_id is all zeros", new Span { TraceId = Id(16, 1), SpanId = ByteString.CopyFrom(new byte[8]) } },
        { "parent_span_id must be empty or 8 bytes, got 7", new Span { TraceId = Id(16, 1), SpanId = Id(8, 1), ParentSpanId = Id(7, 1) } },
        { "links[1].trace_id must be 16 bytes, got 3", new Span { TraceId = Id(16, 1), SpanId = Id(8, 1), Links = { new Span.Types.Link { TraceId = Id(16, 2), SpanId = Id(8, 2) }, new Span.Types.Link { TraceId = Id(3, 2) } } } },
        { "links[0].span_id must be 8 bytes, got 9", new Span { TraceId = Id(16, 1), SpanId = Id(8, 1), Links = { new Span.Types.Link { TraceId = Id(16, 2), SpanId = Id(9, 2) } } } },
    };

    [Theory]
    [MemberData(nameof(InvalidSpans))]
    public void Rejects_a_span_with_invalid_ids(string reason, Span span)
    {
        var request = Wrap(Good("before"), span, Good("after"));
        var batch = new SpanBatch();

        var result = OtlpTraceProtobufReader.Read(request.ToByteArray(), batch);

        Assert.Equal(new OtlpDecodeResult(2, 1, $"1 span rejected: resource_spans[0].scope_spans[0].spans[1]: {reason}"), result);
        Assert.Equal(["before", "after"], Enumerable.Range(0, batch.Count).Select(i => batch.String(batch.Spans[i].Name)));
    }

    [Fact]
    public void A_zero_parent_span_id_of_8_bytes_means_root()
    {
        var span = Good("root");
        span.ParentSpanId = ByteString.CopyFrom(new byte[8]);
        var batch = new SpanBatch();

        var result = OtlpTraceProtobufReader.Read(Wrap(span).ToByteArray(), batch);

        Assert.Equal(1, result.AcceptedSpans);
        Assert.True(batch.Spans[0].ParentSpanId.IsEmpty);
    }

    [Fact]
    public void Links_without_ids_are_kept_with_zero_ids()
    {
        var span = Good("linked");
        span.Links.Add(new Span.Types.Link { TraceState = "only=state" });
        var batch = new SpanBatch();

        Assert.Equal(1, OtlpTraceProtobufReader.Read(Wrap(span).ToByteArray(), batch).AcceptedSpans);
        Assert.True(batch.Links[1].TraceId.IsEmpty);
        Assert.Equal("only=state", batch.String(batch.Links[1].TraceState));
    }

    [Fact]
    public void Tolerates_fields_in_any_order_repeated_and_unknown()
    {
        // ResourceSpans written by hand: scope_spans before resource, resource twice (merged),
        // schema_url twice (last wins), an unknown varint field 99 and an unknown group 98.
        var span = Good("reordered").ToByteArray();
        var scopeSpans = Concat(Field(3, "https://schema/1"u8.ToArray()), Field(2, span), Field(1, Field(1, "lib"u8.ToArray())));
        var resourceA = Field(1, new KeyValueBuilder("a", "1").Bytes);
        var resourceB = Concat(Field(1, new KeyValueBuilder("b", "2").Bytes), [0x10, 0x05]);
        var resourceSpans = Concat(
            Field(2, scopeSpans), Field(3, "https://first"u8.ToArray()), Field(1, resourceA),
            [0x98, 0x06, 0x01], // field 99, varint 1
            [0x93, 0x06, 0x08, 0x01, 0x94, 0x06], // field 98 start-group { field 1 varint 1 } end-group
            Field(1, resourceB), Field(3, "https://last"u8.ToArray()));
        var payload = Field(1, resourceSpans);
        var batch = new SpanBatch();

        var result = OtlpTraceProtobufReader.Read(payload, batch);

        Assert.Equal(1, result.AcceptedSpans);
        var expected = Wrap(Good("reordered"));
        expected.ResourceSpans[0].Resource = new() { Attributes = { Kv("a", Str("1")), Kv("b", Str("2")) }, DroppedAttributesCount = 5 };
        expected.ResourceSpans[0].SchemaUrl = "https://last";
        expected.ResourceSpans[0].ScopeSpans[0].SchemaUrl = "https://schema/1";
        Assert.Equal(expected, SpanBatchToProto.Convert(batch));
        Assert.Equal(2, batch.Resources[0].Attributes.Count);
        Assert.Equal(5u, batch.Resources[0].DroppedAttributesCount);
        Assert.Equal("https://last", batch.String(batch.Resources[0].SchemaUrl));
    }

    [Fact]
    public void A_known_field_with_an_unexpected_wire_type_is_skipped_like_google_does()
    {
        // Span.name (field 5) sent as a varint instead of a string.
        var span = Concat(Good("x").ToByteArray(), [0x28, 0x07]);
        var payload = Field(1, Field(2, Field(2, span)));
        var batch = new SpanBatch();

        OtlpTraceProtobufReader.Read(payload, batch);

        Assert.Equal("x", batch.String(batch.Spans[0].Name));
    }

    public static TheoryData<string, byte[]> Malformed() => new()
    {
        // resource_spans tag, then a length varint cut short
        { "truncated varint at byte 1", [0x0A, 0x80] },
        { "length 5 exceeds the 2 bytes left in the enclosing message at byte 1", [0x0A, 0x05, 0x12, 0x00] },
        { "invalid wire type 7 for field 1 at byte 0", [0x0F] },
        { "invalid wire type 6 for field 2 at byte 2", [0x0A, 0x01, 0x16] },
        { "invalid field number 0 at byte 0", [0x00] },
        { "varint overflows 64 bits at byte 1", [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F] },
        { "varint overflows 64 bits at byte 1", [0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01] },
        { "truncated fixed64 at byte 1", [0x09, 0x01, 0x02] },
        { "truncated fixed32 at byte 1", [0x0D, 0x01] },
        { "unexpected end-group tag for field 1 at byte 1", [0x0C] },
        { "group 1 is not closed at byte 1", [0x0B, 0x08, 0x01] },
        // span.start_time_unix_nano (fixed64) cut short inside resource_spans > scope_spans > spans
        { "truncated fixed64 at byte 7", [0x0A, 0x07, 0x12, 0x05, 0x12, 0x03, 0x39, 0x01, 0x02] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_protobuf_fails_the_whole_request_with_the_offset(string expected, byte[] payload)
    {
        var batch = new SpanBatch();
        var e = Assert.Throws<OtlpFormatException>(() => OtlpTraceProtobufReader.Read(payload, batch));
        Assert.Equal($"malformed OTLP protobuf ExportTraceServiceRequest: {expected}", e.Message);
    }

    [Fact]
    public void A_malformed_request_leaves_the_batch_as_it_was()
    {
        var batch = new SpanBatch();
        OtlpTraceProtobufReader.Read(Realistic(2).ToByteArray(), batch);
        var before = SpanBatchToProto.Convert(batch);
        var bytesBefore = batch.Bytes.Length;
        var good = Full().ToByteArray();
        var truncated = good.AsSpan(0, good.Length - 3).ToArray();

        Assert.Throws<OtlpFormatException>(() => OtlpTraceProtobufReader.Read(truncated, batch));

        Assert.Equal(before, SpanBatchToProto.Convert(batch));
        Assert.Equal(bytesBefore, batch.Bytes.Length);
        Assert.Equal(2, batch.Scopes.Count + batch.Resources.Count);
    }

    [Fact]
    public void Every_truncation_of_a_valid_request_is_rejected_or_decodes_a_prefix()
    {
        // Cutting a message anywhere must never crash or read past the end: it either throws
        // OtlpFormatException or (cut at a field boundary of the outer message) decodes fewer spans.
        var good = Full().ToByteArray();
        for (var cut = 0; cut < good.Length; cut++)
        {
            var batch = new SpanBatch();
            try
            {
                var result = OtlpTraceProtobufReader.Read(good.AsSpan(0, cut), batch);
                Assert.True(result.AcceptedSpans < 9);
            }
            catch (OtlpFormatException)
            {
                Assert.Equal(0, batch.Count);
            }
        }
    }

    [Fact]
    public void A_malformed_nested_array_value_fails_the_request()
    {
        // AnyValue.array_value whose ArrayValue holds a values entry with a length past its end.
        var anyValue = Field(5, [0x0A, 0x09, 0x01]);
        var keyValue = Concat(Field(1, "k"u8.ToArray()), Field(2, anyValue));
        var span = Concat(Good("x").ToByteArray(), Field(9, keyValue));
        var payload = Field(1, Field(2, Field(2, span)));

        var e = Assert.Throws<OtlpFormatException>(() => OtlpTraceProtobufReader.Read(payload, new SpanBatch()));
        Assert.Contains("length 9 exceeds the 1 bytes left", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arrays_nested_beyond_the_limit_fail_the_request()
    {
        var value = Array();
        for (var i = 0; i < 70; i++) value = Array(value);
        var span = Good("deep");
        span.Attributes.Add(Kv("deep", value));

        var e = Assert.Throws<OtlpFormatException>(() => OtlpTraceProtobufReader.Read(Wrap(span).ToByteArray(), new SpanBatch()));
        Assert.Contains("nest deeper than 64 levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_that_are_not_utf8_pass_as_bytes()
    {
        var span = Concat(Good("x").ToByteArray(), Field(5, [0xFF, 0xFE]));
        var batch = new SpanBatch();
        OtlpTraceProtobufReader.Read(Field(1, Field(2, Field(2, span))), batch);
        Assert.Equal(new byte[] { 0xFF, 0xFE }, batch.Utf8(batch.Spans[0].Name).ToArray());
    }

    [Fact]
    public void Decodes_tracesdata_the_same_way()
    {
        var request = Full();
        var tracesData = new TracesData();
        tracesData.ResourceSpans.AddRange(request.ResourceSpans);
        var batch = new SpanBatch();

        OtlpTraceProtobufReader.Read(tracesData.ToByteArray(), batch);

        Assert.Equal(request, SpanBatchToProto.Convert(batch));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_requests_match_google_protobuf(int seed)
    {
        var request = RandomRequests.Create(seed);
        var batch = new SpanBatch();

        var result = OtlpTraceProtobufReader.Read(request.ToByteArray(), batch);

        Assert.Equal(0, result.RejectedSpans);
        Assert.Equal(request, SpanBatchToProto.Convert(batch));
    }

    internal static Span Good(string name)
    {
        var span = new Span { TraceId = Id(16, 1), SpanId = Id(8, (byte)name.Length), Name = name, Kind = Span.Types.SpanKind.Internal };
        return WithAttributes(span);
    }

    private static Span WithAttributes(Span span)
    {
        span.Attributes.Add(Kv("k", Str(span.Name)));
        span.Events.Add(new Span.Types.Event { Name = "e", Attributes = { Kv("ek", Int(1)) } });
        span.Links.Add(new Span.Types.Link { TraceId = Id(16, 5), SpanId = Id(8, 5), Attributes = { Kv("lk", Bool(true)) } });
        return span;
    }

    internal static ExportTraceServiceRequest Wrap(params Span[] spans)
    {
        var scope = new ScopeSpans { Scope = new() { Name = "lib" } };
        scope.Spans.AddRange(spans);
        var rs = new ResourceSpans { Resource = new() };
        rs.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(rs);
        return request;
    }

    internal static byte[] Field(int number, byte[] content)
    {
        var output = new MemoryStream();
        var coded = new CodedOutputStream(output);
        coded.WriteTag(number, WireFormat.WireType.LengthDelimited);
        coded.WriteBytes(ByteString.CopyFrom(content));
        coded.Flush();
        return output.ToArray();
    }

    internal static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private sealed class KeyValueBuilder(string key, string value)
    {
        public byte[] Bytes { get; } = Kv(key, Str(value)).ToByteArray();
    }
}
