using System.Text;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;
using Orrery.Receive.Otlp;
using Orrery.Signals.Traces;
using static Orrery.Receive.Tests.Otlp.OtlpSamples;
using Span = OpenTelemetry.Proto.Trace.V1.Span;

namespace Orrery.Receive.Tests.Otlp;

public class OtlpTraceJsonReaderTests
{
    public static TheoryData<string> Formatters() => ["default", "defaults-written", "proto-names"];

    private static JsonFormatter Formatter(string name) => name switch
    {
        "defaults-written" => new JsonFormatter(JsonFormatter.Settings.Default.WithFormatDefaultValues(true)),
        "proto-names" => new JsonFormatter(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true)),
        _ => JsonFormatter.Default,
    };

    [Theory]
    [MemberData(nameof(Formatters))]
    public void Decodes_what_google_jsonformatter_writes(string formatter)
    {
        // JsonFormatter writes ids as base64 (the protobuf JSON mapping), enums as names, int64
        // as strings, NaN/Infinity as strings: all of which the reader accepts.
        var request = Full();
        var json = Formatter(formatter).Format(request);
        var batch = new SpanBatch();

        var result = OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes(json), batch);

        Assert.Equal(new OtlpDecodeResult(9, 0, null), result);
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

        OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(request)), batch);

        Assert.Equal(request, SpanBatchToProto.Convert(batch));
    }

    // OTLP/JSON as the specification's example writes it: hex ids, enums as integers, numbers for
    // 64-bit values in some places and strings in others.
    private const string SpecSample = """
        {
          "resourceSpans": [{
            "resource": {
              "attributes": [{ "key": "service.name", "value": { "stringValue": "my.service" } }],
              "droppedAttributesCount": 1
            },
            "scopeSpans": [{
              "scope": {
                "name": "my.library", "version": "1.0.0",
                "attributes": [{ "key": "my.scope.attribute", "value": { "stringValue": "some scope attribute" } }]
              },
              "spans": [{
                "traceId": "5B8EFFF798038103D269B633813FC60C",
                "spanId": "eee19b7ec3c1b174",
                "parentSpanId": "eee19b7ec3c1b173",
                "name": "I'm a server span",
                "startTimeUnixNano": "1544712660000000000",
                "endTimeUnixNano": 1544712661000000000,
                "kind": 2,
                "flags": 257,
                "traceState": "a=b",
                "attributes": [
                  { "key": "my.span.attr", "value": { "stringValue": "some value" } },
                  { "key": "count", "value": { "intValue": 42 } },
                  { "key": "big", "value": { "intValue": "-9223372036854775808" } },
                  { "key": "ratio", "value": { "doubleValue": 0.25 } },
                  { "key": "nan", "value": { "doubleValue": "NaN" } },
                  { "key": "ok", "value": { "boolValue": true } },
                  { "key": "raw", "value": { "bytesValue": "AAEC/w==" } },
                  { "key": "list", "value": { "arrayValue": { "values": [{ "stringValue": "x" }, { "intValue": "7" }, { "arrayValue": {} }] } } },
                  { "key": "map", "value": { "kvlistValue": { "values": [{ "key": "inner", "value": { "boolValue": false } }, { "value": { "doubleValue": 1 }, "key": "reordered" }] } } },
                  { "key": "empty", "value": {} }
                ],
                "droppedAttributesCount": 2,
                "events": [{ "timeUnixNano": "1544712660500000000", "name": "ev", "attributes": [{ "key": "e", "value": { "stringValue": "1" } }], "droppedAttributesCount": 3 }],
                "droppedEventsCount": "4",
                "links": [{ "traceId": "00000000000000000000000000000001", "spanId": "0000000000000002", "traceState": "l=1", "flags": 1, "droppedAttributesCount": 5, "attributes": [] }],
                "droppedLinksCount": 6,
                "status": { "code": 2, "message": "boom" },
                "someFutureField": { "ignored": [1, 2, { "deep": null }] }
              }],
              "schemaUrl": "https://opentelemetry.io/schemas/1.21.0"
            }],
            "schemaUrl": "https://opentelemetry.io/schemas/1.24.0"
          }]
        }
        """;

    private static ExportTraceServiceRequest SpecSampleExpected()
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString("5B8EFFF798038103D269B633813FC60C")),
            SpanId = ByteString.CopyFrom(Convert.FromHexString("eee19b7ec3c1b174")),
            ParentSpanId = ByteString.CopyFrom(Convert.FromHexString("eee19b7ec3c1b173")),
            Name = "I'm a server span",
            StartTimeUnixNano = 1544712660000000000,
            EndTimeUnixNano = 1544712661000000000,
            Kind = Span.Types.SpanKind.Server,
            Flags = 257,
            TraceState = "a=b",
            DroppedAttributesCount = 2,
            DroppedEventsCount = 4,
            DroppedLinksCount = 6,
            Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" },
        };
        var kvlist = new OpenTelemetry.Proto.Common.V1.KeyValueList();
        kvlist.Values.Add(Kv("inner", Bool(false)));
        kvlist.Values.Add(Kv("reordered", Dbl(1)));
        span.Attributes.Add(Kv("my.span.attr", Str("some value")));
        span.Attributes.Add(Kv("count", Int(42)));
        span.Attributes.Add(Kv("big", Int(long.MinValue)));
        span.Attributes.Add(Kv("ratio", Dbl(0.25)));
        span.Attributes.Add(Kv("nan", Dbl(double.NaN)));
        span.Attributes.Add(Kv("ok", Bool(true)));
        span.Attributes.Add(Kv("raw", Bytes(0, 1, 2, 255)));
        span.Attributes.Add(Kv("list", Array(Str("x"), Int(7), Array())));
        span.Attributes.Add(Kv("map", new OpenTelemetry.Proto.Common.V1.AnyValue { KvlistValue = kvlist }));
        span.Attributes.Add(Kv("empty", new OpenTelemetry.Proto.Common.V1.AnyValue()));
        span.Events.Add(new Span.Types.Event { TimeUnixNano = 1544712660500000000, Name = "ev", DroppedAttributesCount = 3, Attributes = { Kv("e", Str("1")) } });
        span.Links.Add(new Span.Types.Link
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString("00000000000000000000000000000001")),
            SpanId = ByteString.CopyFrom(Convert.FromHexString("0000000000000002")),
            TraceState = "l=1",
            Flags = 1,
            DroppedAttributesCount = 5,
        });
        var request = OtlpTraceProtobufReaderTests.Wrap(span);
        var rs = request.ResourceSpans[0];
        rs.SchemaUrl = "https://opentelemetry.io/schemas/1.24.0";
        rs.Resource = new() { Attributes = { Kv("service.name", Str("my.service")) }, DroppedAttributesCount = 1 };
        rs.ScopeSpans[0].SchemaUrl = "https://opentelemetry.io/schemas/1.21.0";
        rs.ScopeSpans[0].Scope = new() { Name = "my.library", Version = "1.0.0", Attributes = { Kv("my.scope.attribute", Str("some scope attribute")) } };
        return request;
    }

    [Fact]
    public void Decodes_spec_style_json_with_hex_ids_and_integer_enums()
    {
        var batch = new SpanBatch();

        var result = OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes(SpecSample), batch);

        Assert.Equal(new OtlpDecodeResult(1, 0, null), result);
        Assert.Equal(SpecSampleExpected(), SpanBatchToProto.Convert(batch));
    }

    [Fact]
    public void Json_and_protobuf_decode_to_the_same_batch()
    {
        var fromJson = new SpanBatch();
        var fromProtobuf = new SpanBatch();

        OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes(SpecSample), fromJson);
        OtlpTraceProtobufReader.Read(SpecSampleExpected().ToByteArray(), fromProtobuf);

        Assert.Equal(SpanBatchToProto.Convert(fromProtobuf), SpanBatchToProto.Convert(fromJson));
    }

    [Fact]
    public void Accepts_snake_case_names_enum_names_and_escaped_strings()
    {
        const string json = """
            {"resource_spans":[{"resource":{"attributes":[{"key":"service.name","value":{"string_value":"caf\u00e9 \"x\""}}]},
              "scope_spans":[{"scope":{"name":"l\u0069b"},"spans":[{
                "trace_id":"0102030405060708090a0b0c0d0e0f10","span_id":"0102030405060708","parent_span_id":"",
                "name":"n","kind":"SPAN_KIND_CLIENT","start_time_unix_nano":5,"end_time_unix_nano":"6",
                "status":{"code":"STATUS_CODE_OK"},
                "attributes":[{"key":"\u006b","value":{"int_value":"-3"}},{"key":"nested","value":{"kvlist_value":{"values":[{"key":"\u00e9","value":{"string_value":"\n"}}]}}}]
              }]}]}]}
            """;
        var batch = new SpanBatch();

        OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes(json), batch);

        var span = batch.Spans[0];
        Assert.Equal(SpanKind.Client, span.Kind);
        Assert.Equal(StatusCode.Ok, span.StatusCode);
        Assert.True(span.ParentSpanId.IsEmpty);
        Assert.Equal((5L, 6L), (span.StartUnixNano, span.EndUnixNano));
        Assert.Equal("café \"x\"", batch.String(batch.ResourceAttributes[0].Value.Bytes));
        Assert.Equal("lib", batch.String(batch.Scopes[0].Name));
        Assert.Equal("k", batch.String(batch.SpanAttributes[0].Key));
        Assert.Equal(-3, batch.SpanAttributes[0].Value.AsInt);
        var nested = SpanBatchToProto.Convert(batch).ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes[1].Value.KvlistValue;
        Assert.Equal(KvList(Kv("é", Str("\n"))).KvlistValue, nested);
    }

    [Fact]
    public void Null_means_not_set()
    {
        const string json = """
            {"resourceSpans":[{"resource":null,"schemaUrl":null,"scopeSpans":[{"scope":null,"spans":[
              {"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","name":null,"status":null,"attributes":null}]}]}]}
            """;
        var batch = new SpanBatch();

        Assert.Equal(1, OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes(json), batch).AcceptedSpans);
        Assert.True(batch.Spans[0].Name.IsEmpty);
    }

    [Fact]
    public void Partial_success_keeps_exactly_the_valid_spans()
    {
        const string json = """
            {"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{},"spans":[
              {"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0000000000000001","name":"a","attributes":[{"key":"k","value":{"stringValue":"a"}}]},
              {"traceId":"0102030405060708090a0b0c0d0e0fzz","spanId":"0000000000000002","name":"bad hex","attributes":[{"key":"k","value":{"stringValue":"x"}}]},
              {"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0000000000000003","name":"b"},
              {"traceId":"00000000000000000000000000000000","spanId":"0000000000000004","name":"zero trace id","events":[{"name":"e"}]},
              {"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0000000000000005","name":"c"}
            ]}]}]}
            """;
        var batch = new SpanBatch();

        var result = OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes(json), batch);

        Assert.Equal(new OtlpDecodeResult(3, 2, "2 spans rejected; the first: resourceSpans[0].scopeSpans[0].spans[1]: traceId is neither hex nor base64 of the right length"), result);
        Assert.Equal(["a", "b", "c"], Enumerable.Range(0, batch.Count).Select(i => batch.String(batch.Spans[i].Name)));
        Assert.Equal(1, batch.SpanAttributes.Count);
        Assert.Equal(0, batch.Events.Count);
    }

    [Theory]
    [InlineData("\"traceId\":\"\",\"spanId\":\"0000000000000001\"", "traceId must be 16 bytes, got 0")]
    [InlineData("\"traceId\":\"0102030405060708090a0b0c0d0e0f\",\"spanId\":\"0000000000000001\"", "traceId must be 16 bytes, got 15")]
    [InlineData("\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"0000000000000000\"", "spanId is all zeros")]
    [InlineData("\"traceId\":\"0102030405060708090a0b0c0d0e0f10\"", "spanId must be 8 bytes, got 0")]
    [InlineData("\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"00000000000000g1\"", "spanId is neither hex nor base64 of the right length")]
    [InlineData("\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"0000000000000001\",\"parentSpanId\":\"00\"", "parentSpanId must be empty or 8 bytes, got 1")]
    [InlineData("\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"0000000000000001\",\"links\":[{\"traceId\":\"01\"}]", "links[0].traceId must be 16 bytes, got 1")]
    public void Rejects_a_span_with_invalid_ids(string fields, string reason)
    {
        var json = $$"""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0000000000000009"},{{{fields}}}]}]}]}""";
        var batch = new SpanBatch();

        var result = OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes(json), batch);

        Assert.Equal(new OtlpDecodeResult(1, 1, $"1 span rejected: resourceSpans[0].scopeSpans[0].spans[1]: {reason}"), result);
    }

    [Theory]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":12}]}]}]}""", "invalid OTLP/JSON at byte 54: traceId must be a string, found a number")]
    [InlineData("""{"resourceSpans":{}}""", "invalid OTLP/JSON at byte 17: resourceSpans must be an array, found an object")]
    [InlineData("""[]""", "invalid OTLP/JSON at byte 0: the request must be an object, found an array")]
    [InlineData("""{"resourceSpans":[{"resource":{"attributes":{}}}]}""", "invalid OTLP/JSON at byte 44: attributes must be an array, found an object")]
    [InlineData("""{"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":{"intValue":true}}]}}]}""", "invalid OTLP/JSON at byte 76: intValue must be a 64-bit integer (number or string), found a boolean")]
    [InlineData("""{"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":{"intValue":"12x"}}]}}]}""", "invalid OTLP/JSON at byte 76: intValue must be a 64-bit integer (number or string), found a string")]
    [InlineData("""{"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":{"bytesValue":"%%%"}}]}}]}""", "invalid OTLP/JSON at byte 78: bytesValue must be base64, found a string")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":"SPAN_KIND_SIDEWAYS"}]}]}]}""", "invalid OTLP/JSON at byte 51: kind must be an enum number or name, found a string")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":-1}]}]}]}""", "invalid OTLP/JSON at byte 64: startTimeUnixNano must be an unsigned 64-bit integer (number or string), found a number")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"droppedAttributesCount":4294967296}]}]}]}""", "invalid OTLP/JSON at byte 69: droppedAttributesCount must be an unsigned 32-bit integer, found a number")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":["x"]}]}]}]}""", "invalid OTLP/JSON at byte 51: name must be a string, found an array")]
    public void Wrong_json_types_fail_the_whole_request_with_the_offset(string json, string expected)
    {
        var e = Assert.Throws<OtlpFormatException>(() => OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes(json), new SpanBatch()));
        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("""{"resourceSpans":[""", "near byte 18")]
    [InlineData("""{"resourceSpans":[]} {}""", "near byte 21")]
    [InlineData("""{"resourceSpans":[],}""", "near byte 20")]
    [InlineData("", "near byte 0")]
    [InlineData("""{"a":tru}""", "near byte 5")]
    public void Malformed_json_fails_the_whole_request_with_the_position(string json, string position)
    {
        var e = Assert.Throws<OtlpFormatException>(() => OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes(json), new SpanBatch()));
        Assert.StartsWith($"malformed OTLP/JSON {position}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_request_leaves_the_batch_as_it_was()
    {
        var batch = new SpanBatch();
        OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes(SpecSample), batch);
        var before = SpanBatchToProto.Convert(batch);
        var bytes = batch.Bytes.Length;

        Assert.Throws<OtlpFormatException>(() => OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes(SpecSample[..^40]), batch));

        Assert.Equal(before, SpanBatchToProto.Convert(batch));
        Assert.Equal(bytes, batch.Bytes.Length);
    }

    [Fact]
    public void Accepts_url_safe_unpadded_base64_bytes()
    {
        const string json = """
            {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0000000000000001",
              "attributes":[{"key":"b","value":{"bytesValue":"-_8"}}]}]}]}]}
            """;
        var batch = new SpanBatch();
        OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes(json), batch);
        Assert.Equal(new byte[] { 0xFB, 0xFF }, batch.Utf8(batch.SpanAttributes[0].Value.Bytes).ToArray());
    }

    [Fact]
    public void Arrays_nested_beyond_the_limit_fail_the_request()
    {
        var value = "{}";
        for (var i = 0; i < 70; i++) value = "{\"arrayValue\":{\"values\":[" + value + "]}}";
        var json = """{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"d","value":""" + value + "}]}]}]}]}";

        var e = Assert.Throws<OtlpFormatException>(() => OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes(json), new SpanBatch()));
        Assert.Contains("nest deeper than 64 levels", e.Message, StringComparison.Ordinal);
    }
}
