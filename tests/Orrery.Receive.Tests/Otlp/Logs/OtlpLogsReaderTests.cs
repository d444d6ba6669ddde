using System.Text;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Logs.V1;
using Orrery.Receive.Otlp;
using Orrery.Receive.Otlp.Logs;
using Orrery.Signals;
using Orrery.Signals.Logs;
using static Orrery.Receive.Tests.Otlp.Logs.OtlpLogSamples;
using static Orrery.Receive.Tests.Otlp.OtlpSamples;

namespace Orrery.Receive.Tests.Otlp.Logs;

/// <summary>Both readers decode the same Google.Protobuf-built requests: as protobuf, and as Google.Protobuf's JSON.</summary>
public class OtlpLogsReaderTests
{
    public const long ReceiveTime = 1_800_000_000_000_000_000;

    public static TheoryData<string> Encodings => ["protobuf", "json"];

    internal static OtlpLogsDecodeResult Decode(string encoding, ExportLogsServiceRequest request, LogBatch batch, OtlpLogsMapper? mapper = null) =>
        encoding == "protobuf"
            ? OtlpLogsProtobufReader.Read(request.ToByteArray(), batch, mapper ?? OtlpLogsMapper.Default, ReceiveTime)
            // Google.Protobuf's JSON: ids as base64, enums as names, 64-bit integers as strings.
            : OtlpLogsJsonReader.Read(Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(request)), batch, mapper ?? OtlpLogsMapper.Default, ReceiveTime);

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Decodes_every_field_of_a_log_record(string encoding)
    {
        var batch = new LogBatch();

        var result = Decode(encoding, Request(CheckoutResource(), Scope(), FullRecord()), batch);

        Assert.Equal(new OtlpLogsDecodeResult(1, 0, null), result);
        var line = Assert.Single(LogBatchView.Lines(batch));
        Assert.Equal("payment declined", line.Line);
        Assert.Equal((long)Time, line.TimestampNs);
        Assert.Equal("{k8s_pod_name=\"checkout-1\", service_name=\"checkout\", service_namespace=\"shop\"}", line.LabelString);
        Assert.Equal(
        [
            KeyValuePair.Create("http_status_code", "402"),
            KeyValuePair.Create("user_id", "u-7"),
            KeyValuePair.Create("observed_timestamp", Observed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            KeyValuePair.Create("severity_number", "14"),
            KeyValuePair.Create("severity_text", "Warning"),
            KeyValuePair.Create("dropped_attributes_count", "2"),
            KeyValuePair.Create("flags", "1"),
            KeyValuePair.Create("trace_id", TraceIdHex),
            KeyValuePair.Create("span_id", SpanIdHex),
            KeyValuePair.Create("event_name", "payment.declined"),
            KeyValuePair.Create("detected_level", "warn"),
            KeyValuePair.Create("host_name", "node-3"),
            KeyValuePair.Create("process_pid", "4242"),
            KeyValuePair.Create("scope_kind", "lib"),
            KeyValuePair.Create("scope_name", "Shop.Checkout"),
            KeyValuePair.Create("scope_version", "1.2.0"),
            KeyValuePair.Create("scope_dropped_attributes_count", "1"),
        ], line.Metadata);
        Assert.Equal(TraceId.ParseHex(TraceIdHex), line.Row.TraceId);
        Assert.Equal(new SpanId(0xa1a2a3a4a5a6a7a8), line.Row.SpanId);
        Assert.Equal(14, line.Row.SeverityNumber);
    }

    public static TheoryData<string, string> BodyCases() => new()
    {
        { "string", "payment declined" },
        { "int", "-42" },
        { "double", "1.5" },
        { "bool", "true" },
        { "bytes", "AQID/w==" },
        { "array", "[1,\"a\",true,null,[2.5]]" },
        { "kvlist", "{\"a\":1,\"b\":{\"c\":\"dé\"},\"raw\":\"AQ==\"}" },
        { "empty", "" },
    };

    private static OpenTelemetry.Proto.Common.V1.AnyValue? Body(string kind) => kind switch
    {
        "string" => Str("payment declined"),
        "int" => Int(-42),
        "double" => Dbl(1.5),
        "bool" => Bool(true),
        "bytes" => Bytes(1, 2, 3, 255),
        "array" => Array(Int(1), Str("a"), Bool(true), new OpenTelemetry.Proto.Common.V1.AnyValue(), Array(Dbl(2.5))),
        "kvlist" => KvList(Kv("a", Int(1)), Kv("b", KvList(Kv("c", Str("dé")))), Kv("raw", Bytes(1))),
        _ => null,
    };

    [Theory]
    [MemberData(nameof(BodyCases))]
    public void Renders_every_body_type_as_the_line(string kind, string expected)
    {
        foreach (var encoding in new[] { "protobuf", "json" })
        {
            var batch = new LogBatch();
            Decode(encoding, Request(CheckoutResource(), null, Record(Body(kind)!)), batch);
            Assert.Equal(expected, Assert.Single(LogBatchView.Lines(batch)).Line);
        }
    }

    [Theory]
    [InlineData(Time, Observed, Time)]
    [InlineData(0UL, Observed, Observed)]
    [InlineData(0UL, 0UL, ReceiveTime)]
    public void Timestamp_is_the_time_else_the_observed_time_else_the_receive_time(ulong time, ulong observed, long expected)
    {
        var record = Record(Str("x"), time);
        record.ObservedTimeUnixNano = observed;
        var batch = new LogBatch();

        Decode("protobuf", Request(CheckoutResource(), null, record), batch);

        var line = Assert.Single(LogBatchView.Lines(batch));
        Assert.Equal(expected, line.TimestampNs);
        // The observed time is metadata only when it is not the timestamp already.
        Assert.Equal(time != 0 && observed != 0, line.Meta("observed_timestamp") is not null);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void A_record_with_an_id_of_the_wrong_size_is_rejected_alone(string encoding)
    {
        var bad = FullRecord();
        bad.TraceId = ByteString.CopyFrom(1, 2, 3, 4, 5);
        var badSpan = FullRecord();
        badSpan.SpanId = ByteString.CopyFrom(new byte[16]);
        var batch = new LogBatch();

        var result = Decode(encoding, Request(CheckoutResource(), Scope(), FullRecord(), bad, badSpan, Record(Str("last"))), batch);

        Assert.Equal(2, result.AcceptedRecords);
        Assert.Equal(2, result.RejectedRecords);
        var path = encoding == "protobuf" ? "resource_logs[0].scope_logs[0].log_records[1]: trace_id" : "resourceLogs[0].scopeLogs[0].logRecords[1]: traceId";
        Assert.Equal($"2 log records rejected; the first: {path} has 5 bytes, want 16 (or none)", result.ErrorMessage);
        Assert.Equal(["payment declined", "last"], LogBatchView.Lines(batch).Select(l => l.Line));
    }

    [Fact]
    public void Records_without_ids_carry_no_trace_metadata()
    {
        var batch = new LogBatch();

        Decode("protobuf", Request(CheckoutResource(), null, Record(Str("x"))), batch);

        var line = Assert.Single(LogBatchView.Lines(batch));
        Assert.Null(line.Meta("trace_id"));
        Assert.Null(line.Meta("span_id"));
        Assert.True(line.Row.TraceId.IsEmpty);
    }

    [Fact]
    public void Truncated_protobuf_is_malformed_and_leaves_the_batch_as_it_was()
    {
        var payload = Request(CheckoutResource(), Scope(), FullRecord()).ToByteArray();
        var batch = new LogBatch();

        var e = Assert.Throws<OtlpFormatException>(() => OtlpLogsProtobufReader.Read(payload.AsSpan(0, payload.Length - 3), batch, OtlpLogsMapper.Default, ReceiveTime));

        Assert.StartsWith("malformed OTLP protobuf ExportLogsServiceRequest: ", e.Message);
        Assert.Contains("at byte", e.Message);
        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.Bytes.Length);
    }

    [Fact]
    public void Empty_payload_is_an_empty_request()
    {
        var batch = new LogBatch();

        Assert.Equal(new OtlpLogsDecodeResult(0, 0, null), OtlpLogsProtobufReader.Read([], batch, OtlpLogsMapper.Default, ReceiveTime));
        Assert.Equal(new OtlpLogsDecodeResult(0, 0, null), OtlpLogsJsonReader.Read("{}"u8, batch, OtlpLogsMapper.Default, ReceiveTime));
        Assert.Equal(0, batch.Streams.Count);
    }

    [Fact]
    public void Resources_without_records_make_no_stream()
    {
        var request = Request(CheckoutResource(), Scope());
        var batch = new LogBatch();

        Decode("protobuf", request, batch);

        Assert.Equal(0, batch.Streams.Count);
    }
}
