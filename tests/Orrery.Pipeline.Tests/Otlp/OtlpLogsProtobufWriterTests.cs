using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Logs.V1;
using Orrery.Signals;
using Orrery.Signals.Logs;
using Orrery.Signals.Otlp;

namespace Orrery.Pipeline.Tests.Otlp;

/// <summary>The logs writer's output read back by Google.Protobuf's generated messages.</summary>
public sealed class OtlpLogsProtobufWriterTests
{
    private const string TraceHex = "0af7651916cd43dd8448eb211c80319c";
    private const string SpanHex = "b7ad6b7169203331";

    [Fact]
    public void A_record_goes_back_into_the_otlp_fields_loki_mapping_made_metadata_of()
    {
        var batch = new LogBatch();
        var stream = AddStream(batch, ("service_name", "checkout"), ("k8s_pod_name", "pod-1"), ("team", "payments"));
        var start = batch.Metadata.Count;
        batch.AddMetadata("http.method", "GET");
        batch.AddMetadata("observed_timestamp", "1700000000000000999");
        batch.AddMetadata("severity_number", "17");
        batch.AddMetadata("severity_text", "ERROR");
        batch.AddMetadata("flags", "1");
        batch.AddMetadata("dropped_attributes_count", "2");
        batch.AddMetadata("trace_id", TraceHex);
        batch.AddMetadata("span_id", SpanHex);
        batch.AddMetadata("event_name", "payment.failed");
        batch.AddMetadata("detected_level", "error");
        batch.AddMetadata("scope_name", "Checkout.Api");
        batch.Records.Add(new LogRecordRow
        {
            Stream = stream,
            TimestampNs = 1_700_000_000_000_000_123,
            Line = batch.Bytes.Append("card declined"),
            Metadata = new RowRange(start, batch.Metadata.Count - start),
            TraceId = TraceId.ParseHex(TraceHex),
            SpanId = SpanId.Read(Convert.FromHexString(SpanHex)),
            SeverityNumber = 17,
        });

        var request = ExportLogsServiceRequest.Parser.ParseFrom(OtlpLogsProtobufWriter.Write(batch));

        var resourceLogs = Assert.Single(request.ResourceLogs);
        Assert.Equal(["k8s.pod.name=pod-1", "service.name=checkout", "team=payments"],
            resourceLogs.Resource.Attributes.Select(a => $"{a.Key}={a.Value.StringValue}"));
        var record = Assert.Single(Assert.Single(resourceLogs.ScopeLogs).LogRecords);
        Assert.Equal(1_700_000_000_000_000_123UL, record.TimeUnixNano);
        Assert.Equal(1_700_000_000_000_000_999UL, record.ObservedTimeUnixNano);
        Assert.Equal(SeverityNumber.Error, record.SeverityNumber);
        Assert.Equal("ERROR", record.SeverityText);
        Assert.Equal("card declined", record.Body.StringValue);
        Assert.Equal(1u, record.Flags);
        Assert.Equal(2u, record.DroppedAttributesCount);
        Assert.Equal(TraceHex, Convert.ToHexStringLower(record.TraceId.ToByteArray()));
        Assert.Equal(SpanHex, Convert.ToHexStringLower(record.SpanId.ToByteArray()));
        Assert.Equal("payment.failed", record.EventName);
        Assert.Equal(["http.method=GET", "scope_name=Checkout.Api"], record.Attributes.Select(a => $"{a.Key}={a.Value.StringValue}"));
    }

    [Fact]
    public void Metadata_a_field_does_not_carry_stays_an_attribute()
    {
        var batch = new LogBatch();
        var stream = AddStream(batch, ("service_name", "api"));
        var start = batch.Metadata.Count;
        batch.AddMetadata("flags", "not a number");
        batch.AddMetadata("trace_id", "pushed by hand"); // the row has no trace id
        batch.Records.Add(new LogRecordRow { Stream = stream, TimestampNs = 1, Line = batch.Bytes.Append("x"), Metadata = new RowRange(start, 2) });

        var record = ExportLogsServiceRequest.Parser.ParseFrom(OtlpLogsProtobufWriter.Write(batch)).ResourceLogs[0].ScopeLogs[0].LogRecords[0];

        Assert.Equal(["flags=not a number", "trace_id=pushed by hand"], record.Attributes.Select(a => $"{a.Key}={a.Value.StringValue}"));
        Assert.Equal((0u, SeverityNumber.Unspecified), (record.Flags, record.SeverityNumber));
        Assert.True(record.TraceId.IsEmpty);
    }

    [Fact]
    public void Records_are_grouped_by_stream_keeping_their_order_and_streams_without_records_are_left_out()
    {
        var batch = new LogBatch();
        var a = AddStream(batch, ("service_name", "a"));
        var idle = AddStream(batch, ("service_name", "idle"));
        var b = AddStream(batch, ("service_name", "b"));
        _ = idle;
        foreach (var (stream, line) in new[] { (b, "b1"), (a, "a1"), (b, "b2"), (a, "a2") })
        {
            batch.Records.Add(new LogRecordRow { Stream = stream, TimestampNs = 1, Line = batch.Bytes.Append(line), Metadata = new RowRange(batch.Metadata.Count, 0) });
        }

        var request = ExportLogsServiceRequest.Parser.ParseFrom(OtlpLogsProtobufWriter.Write(batch));

        Assert.Equal(["a: a1 a2", "b: b1 b2"], request.ResourceLogs.Select(r =>
            $"{r.Resource.Attributes[0].Value.StringValue}: {string.Join(' ', r.ScopeLogs[0].LogRecords.Select(l => l.Body.StringValue))}"));
    }

    [Fact]
    public void An_empty_batch_is_an_empty_request()
    {
        Assert.Empty(ExportLogsServiceRequest.Parser.ParseFrom(OtlpLogsProtobufWriter.Write(new LogBatch())).ResourceLogs);
    }

    private static int AddStream(LogBatch batch, params (string Name, string Value)[] labels)
    {
        batch.BeginStream();
        foreach (var (name, value) in labels) batch.AddStreamLabel(name, value);
        return batch.EndStream(out _);
    }
}
