using System.Text;
using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;
using Orrery.Api.Tempo.Otlp;
using Orrery.Receive.Otlp;
using Orrery.Receive.Tests.Otlp;
using Orrery.Signals.Otlp;
using Orrery.Signals.Traces;
using static Orrery.Receive.Tests.Otlp.OtlpSamples;
using Span = OpenTelemetry.Proto.Trace.V1.Span;

namespace Orrery.Api.Tests.Tempo.Otlp;

public class OtlpTraceWriterTests
{
    private static SpanBatch Decode(ExportTraceServiceRequest request)
    {
        var batch = new SpanBatch();
        OtlpTraceProtobufReader.Read(request.ToByteArray(), batch);
        return batch;
    }

    public static TheoryData<int> Seeds() => [0, 1, 2, 3, 4];

    private static ExportTraceServiceRequest Sample(int seed) => seed == 0 ? Full() : RandomRequests.Create(seed);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Protobuf_round_trip_is_byte_equal_to_google_protobuf(int seed)
    {
        var request = Sample(seed);

        var written = OtlpTraceProtobufWriter.Write(Decode(request), OtlpTraceMessage.TracesData);

        Assert.Equal(request, ExportTraceServiceRequest.Parser.ParseFrom(written));
        Assert.Equal(request.ToByteArray(), written);
    }

    [Fact]
    public void Protobuf_output_parses_as_tracesdata()
    {
        var request = Full();
        var written = OtlpTraceProtobufWriter.Write(Decode(request), OtlpTraceMessage.TracesData);
        Assert.Equal(request.ResourceSpans, TracesData.Parser.ParseFrom(written).ResourceSpans);
    }

    [Fact]
    public void Regroups_spans_whose_rows_are_interleaved()
    {
        // Two resources with two scopes each; copy their spans alternating between resources,
        // as a trace assembled from storage would be.
        var request = new ExportTraceServiceRequest();
        for (var r = 0; r < 2; r++)
        {
            var rs = new ResourceSpans { Resource = new() { Attributes = { Kv("service.name", Str($"svc{r}")) } } };
            for (var s = 0; s < 2; s++)
            {
                var ss = new ScopeSpans { Scope = new() { Name = $"scope{r}{s}" } };
                for (var n = 0; n < 2; n++)
                {
                    ss.Spans.Add(new Span { TraceId = Id(16, 1), SpanId = Id(8, (byte)(r * 10 + s * 3 + n)), Name = $"span {r}{s}{n}" });
                }
                rs.ScopeSpans.Add(ss);
            }
            request.ResourceSpans.Add(rs);
        }
        var source = Decode(request);
        var interleaved = new SpanBatch();
        var copier = new SpanBatchCopier(interleaved);
        foreach (var row in new[] { 0, 4, 1, 5, 2, 6, 3, 7 }) copier.CopySpan(source, row);

        var written = OtlpTraceProtobufWriter.Write(interleaved, OtlpTraceMessage.TracesData);

        Assert.Equal(request, ExportTraceServiceRequest.Parser.ParseFrom(written));
    }

    [Fact]
    public void Empty_batch_writes_an_empty_message_and_an_empty_array()
    {
        Assert.Empty(OtlpTraceProtobufWriter.Write(new SpanBatch(), OtlpTraceMessage.TracesData));
        Assert.Equal("[]", WriteJson(new SpanBatch(), OtlpJsonStyle.Otlp));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Tempo_json_is_the_protobuf_json_mapping(int seed)
    {
        var request = Sample(seed);

        var json = WriteJson(Decode(request), OtlpJsonStyle.Tempo);
        var parsed = JsonParser.Default.Parse<ExportTraceServiceRequest>($"{{\"resourceSpans\":{json}}}");

        // Tempo writes "status":{} on every span; the original leaves an unset status out.
        foreach (var span in parsed.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
        {
            if (span.Status is { Code: Status.Types.StatusCode.Unset, Message: "" }) span.Status = null;
        }
        Assert.Equal(request, parsed);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Otlp_json_round_trips_through_the_otlp_json_reader(int seed)
    {
        var request = Sample(seed);

        var json = WriteJson(Decode(request), OtlpJsonStyle.Otlp);
        var batch = new SpanBatch();
        var result = OtlpTraceJsonReader.Read(Encoding.UTF8.GetBytes($"{{\"resourceSpans\":{json}}}"), batch);

        Assert.Equal(0, result.RejectedSpans);
        Assert.Equal(request, SpanBatchToProto.Convert(batch));
    }

    // The span from Tempo's "push spans with HTTP" guide and the body its /api/v2/traces answer
    // shows inside "trace":{"resourceSpans": ...}.
    private static ExportTraceServiceRequest TempoGuideSpan()
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString("5B8EFFF798038103D269B633813FC700")),
            SpanId = ByteString.CopyFrom(Convert.FromHexString("EEE19B7EC3C1B100")),
            Name = "I am a span!",
            StartTimeUnixNano = 1689969302000000000,
            EndTimeUnixNano = 1689970000000000000,
            Kind = Span.Types.SpanKind.Server,
            Attributes = { Kv("my.span.attr", Str("some value")) },
        };
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(new ResourceSpans
        {
            Resource = new() { Attributes = { Kv("service.name", Str("my.service")) } },
            ScopeSpans = { new ScopeSpans { Scope = new() { Name = "my.library", Version = "1.0.0" }, Spans = { span } } },
        });
        return request;
    }

    [Fact]
    public void Tempo_style_matches_tempos_documented_response()
    {
        var json = WriteJson(Decode(TempoGuideSpan()), OtlpJsonStyle.Tempo);

        Assert.Equal(
            """[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},"scopeSpans":[{"scope":{"name":"my.library","version":"1.0.0"},"spans":[{"traceId":"W47/95gDgQPSabYzgT/HAA==","spanId":"7uGbfsPBsQA=","name":"I am a span!","kind":"SPAN_KIND_SERVER","startTimeUnixNano":"1689969302000000000","endTimeUnixNano":"1689970000000000000","attributes":[{"key":"my.span.attr","value":{"stringValue":"some value"}}],"status":{}}]}]}]""",
            json);
    }

    [Fact]
    public void Otlp_style_writes_hex_ids_and_integer_enums()
    {
        var request = TempoGuideSpan();
        var span = request.ResourceSpans[0].ScopeSpans[0].Spans[0];
        span.ParentSpanId = ByteString.CopyFrom(Convert.FromHexString("0102030405060708"));
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" };
        span.Flags = 1;

        var json = WriteJson(Decode(request), OtlpJsonStyle.Otlp);

        Assert.Equal(
            """[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},"scopeSpans":[{"scope":{"name":"my.library","version":"1.0.0"},"spans":[{"traceId":"5b8efff798038103d269b633813fc700","spanId":"eee19b7ec3c1b100","parentSpanId":"0102030405060708","flags":1,"name":"I am a span!","kind":2,"startTimeUnixNano":"1689969302000000000","endTimeUnixNano":"1689970000000000000","attributes":[{"key":"my.span.attr","value":{"stringValue":"some value"}}],"status":{"message":"boom","code":2}}]}]}]""",
            json);
    }

    [Fact]
    public void Nested_values_are_expanded_in_json()
    {
        var request = TempoGuideSpan();
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Clear();
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Add(
            Kv("n", Array(Int(1), Dbl(double.NaN), KvList(Kv("k", Bytes(1, 2))), Array(), new OpenTelemetry.Proto.Common.V1.AnyValue())));

        var json = WriteJson(Decode(request), OtlpJsonStyle.Otlp);

        Assert.Contains(
            """{"key":"n","value":{"arrayValue":{"values":[{"intValue":"1"},{"doubleValue":"NaN"},{"kvlistValue":{"values":[{"key":"k","value":{"bytesValue":"AQI="}}]}},{"arrayValue":{}},{}]}}}""",
            json, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_written_with_replacement_characters()
    {
        var request = TempoGuideSpan();
        var payload = request.ToByteArray();
        // Turn the span name's first byte into 0xFF: protobuf strings pass unchecked.
        var at = payload.AsSpan().IndexOf("I am a span!"u8);
        payload[at] = 0xFF;
        var batch = new SpanBatch();
        OtlpTraceProtobufReader.Read(payload, batch);

        var json = WriteJson(batch, OtlpJsonStyle.Tempo);

        Assert.Contains("\"name\":\"\uFFFD am a span!\"", json, StringComparison.Ordinal);
    }

    private static string WriteJson(SpanBatch batch, OtlpJsonStyle style)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            OtlpTraceJsonWriter.WriteResourceSpansArray(writer, batch, style);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
