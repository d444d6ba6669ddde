using Orrery.Receive.Otlp;
using Orrery.Receive.Otlp.Logs;
using Orrery.Signals.Logs;
using static Orrery.Receive.Tests.Otlp.Logs.OtlpLogSamples;

namespace Orrery.Receive.Tests.Otlp.Logs;

/// <summary>OTLP/JSON as SDKs write it (hex ids, integer enums), beside Google.Protobuf's form tested in <see cref="OtlpLogsReaderTests"/>.</summary>
public class OtlpLogsJsonReaderTests
{
    [Fact]
    public void Reads_the_otlp_json_that_sdks_send()
    {
        var json = $$$"""
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web"}}]},
              "scopeLogs":[{"scope":{"name":"app"},"logRecords":[
                {"timeUnixNano":"1700000000000000001","observedTimeUnixNano":1700000000000000002,"severityNumber":17,
                 "severityText":"Error","body":{"kvlistValue":{"values":[{"key":"msg","value":{"stringValue":"boom \"x\""}}]}},
                 "attributes":[{"key":"retry","value":{"intValue":"3"}}],"flags":1,
                 "traceId":"{{{TraceIdHex.ToUpperInvariant()}}}","spanId":"{{{SpanIdHex}}}","eventName":"crash"}]}]}]}
            """;
        var batch = new LogBatch();

        var result = OtlpLogsJsonReader.Read(System.Text.Encoding.UTF8.GetBytes(json), batch, OtlpLogsMapper.Default, 0);

        Assert.Equal(new OtlpLogsDecodeResult(1, 0, null), result);
        var line = Assert.Single(LogBatchView.Lines(batch));
        Assert.Equal("{\"msg\":\"boom \\\"x\\\"\"}", line.Line);
        Assert.Equal(1700000000000000001L, line.TimestampNs);
        Assert.Equal("{service_name=\"web\"}", line.LabelString);
        Assert.Equal("3", line.Meta("retry"));
        Assert.Equal("error", line.Meta("detected_level"));
        Assert.Equal(TraceIdHex, line.Meta("trace_id"));
        Assert.Equal(SpanIdHex, line.Meta("span_id"));
        Assert.Equal("crash", line.Meta("event_name"));
        Assert.Equal("app", line.Meta("scope_name"));
    }

    [Theory]
    [InlineData("{\"resourceLogs\":{}}", "invalid OTLP/JSON at byte 16: resourceLogs must be an array, found an object")]
    [InlineData("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"severityNumber\":\"LOUD\"}]}]}]}", "invalid OTLP/JSON at byte 64: severityNumber must be an enum number or name, found a string")]
    [InlineData("{\"resourceLogs\":[{\"resource\":[]}]}", "invalid OTLP/JSON at byte 29: resource must be an object, found an array")]
    public void Wrong_json_types_name_the_byte(string json, string message)
    {
        var batch = new LogBatch();

        var e = Assert.Throws<OtlpFormatException>(() => OtlpLogsJsonReader.Read(System.Text.Encoding.UTF8.GetBytes(json), batch, OtlpLogsMapper.Default, 0));

        Assert.Equal(message, e.Message);
        Assert.Equal(0, batch.Bytes.Length);
    }

    [Fact]
    public void Severity_names_are_accepted()
    {
        const string json = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"severityNumber\":\"SEVERITY_NUMBER_FATAL3\",\"body\":{\"stringValue\":\"x\"}}]}]}]}";
        var batch = new LogBatch();

        OtlpLogsJsonReader.Read(System.Text.Encoding.UTF8.GetBytes(json), batch, OtlpLogsMapper.Default, 7);

        var line = Assert.Single(LogBatchView.Lines(batch));
        Assert.Equal(23, line.Row.SeverityNumber);
        Assert.Equal("fatal", line.Meta("detected_level"));
        Assert.Equal(7, line.TimestampNs);
    }

    [Fact]
    public void An_id_that_is_not_hex_rejects_the_record()
    {
        const string json = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"zz\"},{\"body\":{\"stringValue\":\"kept\"}}]}]}]}";
        var batch = new LogBatch();

        var result = OtlpLogsJsonReader.Read(System.Text.Encoding.UTF8.GetBytes(json), batch, OtlpLogsMapper.Default, 0);

        Assert.Equal(new OtlpLogsDecodeResult(1, 1, "1 log record rejected: resourceLogs[0].scopeLogs[0].logRecords[0]: traceId is not hex"), result);
        Assert.Equal("kept", Assert.Single(LogBatchView.Lines(batch)).Line);
    }
}
