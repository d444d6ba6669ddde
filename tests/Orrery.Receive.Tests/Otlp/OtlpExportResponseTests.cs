using System.Text;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Orrery.Receive.Otlp;

namespace Orrery.Receive.Tests.Otlp;

public class OtlpExportResponseTests
{
    [Fact]
    public void Full_success_is_the_empty_message()
    {
        Assert.Empty(OtlpExportResponse.ToProtobuf(0, null));
        Assert.Equal("{}", Encoding.UTF8.GetString(OtlpExportResponse.ToJson(OtlpSignal.Traces, 0, "")));
    }

    [Fact]
    public void Partial_success_protobuf_matches_google()
    {
        var expected = new ExportTraceServiceResponse
        {
            PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = 3, ErrorMessage = "3 spans rejected: ✗" },
        };
        Assert.Equal(expected.ToByteArray(), OtlpExportResponse.ToProtobuf(3, "3 spans rejected: ✗"));
    }

    [Fact]
    public void Partial_success_json_writes_int64_as_a_string()
    {
        var json = Encoding.UTF8.GetString(OtlpExportResponse.ToJson(OtlpSignal.Traces, 3, "bad \"ids\""));
        Assert.Equal("""{"partialSuccess":{"rejectedSpans":"3","errorMessage":"bad \u0022ids\u0022"}}""", json);
        var parsed = JsonParser.Default.Parse<ExportTraceServiceResponse>(json);
        Assert.Equal(3, parsed.PartialSuccess.RejectedSpans);
        Assert.Equal("bad \"ids\"", parsed.PartialSuccess.ErrorMessage);
    }

    [Fact]
    public void A_warning_without_rejections_is_still_sent()
    {
        var parsed = ExportTraceServiceResponse.Parser.ParseFrom(OtlpExportResponse.ToProtobuf(0, "slow down"));
        Assert.Equal(0, parsed.PartialSuccess.RejectedSpans);
        Assert.Equal("slow down", parsed.PartialSuccess.ErrorMessage);
    }
}
