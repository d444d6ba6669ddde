using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests;

/// <summary>Malformed, oversize and partly invalid exports over both transports. The shared server's limit is 1 MiB.</summary>
[Collection(SharedOrreryCollection.Name)]
public class ErrorResponseTests(SharedOrrery orrery)
{
    private const long Limit = 1 << 20;
    private OrreryEndpoints Endpoints => orrery.Endpoints;

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }

    [Theory]
    [InlineData("application/x-protobuf")]
    [InlineData("application/json")]
    public async Task Malformed_http_bodies_are_400_with_the_reason_in_the_request_format(string contentType)
    {
        byte[] body = contentType == "application/json" ? "{\"resourceSpans\": [ {"u8.ToArray() : [0x0A, 0xFF, 0xFF, 0xFF, 0x0F, 0x01];

        using var response = await Endpoints.PostOtlpAsync(Endpoints.OtlpHttpTraces, body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var message = contentType == "application/json"
            ? JsonDocument.Parse(bytes).RootElement.GetProperty("message").GetString()
            : StatusMessage(bytes);
        Assert.False(string.IsNullOrWhiteSpace(message));
    }

    [Fact]
    public async Task Unsupported_content_type_is_415()
    {
        using var response = await Endpoints.PostOtlpAsync(Endpoints.OtlpHttpTraces, "hello"u8.ToArray(), "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Http_body_over_the_limit_is_413()
    {
        using var response = await Endpoints.PostOtlpAsync(Endpoints.OtlpHttpTraces, new byte[Limit + 1], "application/x-protobuf");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Gzip_bomb_is_413_by_its_inflated_size()
    {
        var bomb = Gzip(new byte[64 << 20]);
        Assert.True(bomb.Length < Limit);

        using var response = await Endpoints.PostOtlpAsync(Endpoints.OtlpHttpTraces, bomb, "application/x-protobuf", contentEncoding: "gzip");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Gzip_http_body_is_accepted_on_the_query_port_too()
    {
        var traceId = OtlpMessages.NewTraceId();
        var request = OtlpMessages.Request("gzip-svc", OtlpMessages.Span(traceId, OtlpMessages.NewSpanId(), "zipped", OtlpMessages.NowUnixNano()));

        using var response = await Endpoints.PostOtlpAsync(new Uri(Endpoints.Http, "/v1/traces"), Gzip(request.ToByteArray()), "application/x-protobuf", contentEncoding: "gzip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var trace = await Endpoints.GetAsync("/api/traces/" + OtlpMessages.Hex(traceId));
        Assert.Equal(HttpStatusCode.OK, trace.StatusCode);
    }

    [Fact]
    public async Task Invalid_span_ids_are_a_partial_success_and_valid_spans_are_stored()
    {
        var traceId = OtlpMessages.NewTraceId();
        var good = OtlpMessages.Span(traceId, OtlpMessages.NewSpanId(), "good", OtlpMessages.NowUnixNano());
        var bad = OtlpMessages.Span(traceId, [1, 2, 3], "bad", OtlpMessages.NowUnixNano());
        var request = OtlpMessages.Request("partial-svc", good, bad);

        using var response = await Endpoints.PostOtlpAsync(Endpoints.OtlpHttpTraces, request.ToByteArray(), "application/x-protobuf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, answer.PartialSuccess.RejectedSpans);
        Assert.False(string.IsNullOrEmpty(answer.PartialSuccess.ErrorMessage));
        using var trace = await Endpoints.GetAsync("/api/traces/" + OtlpMessages.Hex(traceId), accept: "application/protobuf");
        var stored = OpenTelemetry.Proto.Trace.V1.TracesData.Parser.ParseFrom(await trace.Content.ReadAsByteArrayAsync());
        Assert.Equal(["good"], OtlpAssert.Spans(stored).Select(s => s.Span.Name));
    }

    [Fact]
    public async Task Grpc_partial_success_is_reported_in_the_response_message()
    {
        var traceId = OtlpMessages.NewTraceId();
        var request = OtlpMessages.Request("grpc-partial",
            OtlpMessages.Span(traceId, OtlpMessages.NewSpanId(), "good", OtlpMessages.NowUnixNano()),
            OtlpMessages.Span(traceId, new byte[8], "zero-id", OtlpMessages.NowUnixNano()));

        var result = await RawGrpcClient.CallAsync(Endpoints.Client, Endpoints.Grpc, RawGrpcClient.Frame(request.ToByteArray()));

        Assert.Equal(0, result.Status);
        Assert.Equal(1, ExportTraceServiceResponse.Parser.ParseFrom(result.ResponseMessage).PartialSuccess.RejectedSpans);
    }

    [Fact]
    public async Task Grpc_gzip_message_is_accepted()
    {
        var traceId = OtlpMessages.NewTraceId();
        var request = OtlpMessages.Request("grpc-gzip", OtlpMessages.Span(traceId, OtlpMessages.NewSpanId(), "zipped", OtlpMessages.NowUnixNano()));

        var result = await RawGrpcClient.CallAsync(Endpoints.Client, Endpoints.Grpc, RawGrpcClient.Frame(Gzip(request.ToByteArray()), compressed: true), grpcEncoding: "gzip");

        Assert.Equal(0, result.Status);
        using var trace = await Endpoints.GetAsync("/api/traces/" + OtlpMessages.Hex(traceId));
        Assert.Equal(HttpStatusCode.OK, trace.StatusCode);
    }

    [Fact]
    public async Task Grpc_malformed_message_is_invalid_argument_with_a_message()
    {
        var result = await RawGrpcClient.CallAsync(Endpoints.Client, Endpoints.Grpc, RawGrpcClient.Frame([0x0A, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]));

        Assert.Equal(3, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }

    [Fact]
    public async Task Grpc_truncated_frame_is_invalid_argument()
    {
        var result = await RawGrpcClient.CallAsync(Endpoints.Client, Endpoints.Grpc, [0, 0, 0, 0, 50, 1, 2]);

        Assert.Equal(3, result.Status);
        Assert.Contains("truncated", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grpc_oversize_and_gzip_bomb_are_resource_exhausted()
    {
        var oversize = await RawGrpcClient.CallAsync(Endpoints.Client, Endpoints.Grpc, RawGrpcClient.Frame(new byte[Limit + 1]));
        var bomb = await RawGrpcClient.CallAsync(Endpoints.Client, Endpoints.Grpc, RawGrpcClient.Frame(Gzip(new byte[64 << 20]), compressed: true), grpcEncoding: "gzip");

        Assert.Equal(8, oversize.Status);
        Assert.Equal(8, bomb.Status);
    }

    [Fact]
    public async Task Query_errors_are_400_and_unknown_traces_404()
    {
        using var badId = await Endpoints.GetAsync("/api/traces/not-hex");
        using var unknown = await Endpoints.GetAsync("/api/traces/" + OtlpMessages.Hex(OtlpMessages.NewTraceId()));
        using var badSearch = await Endpoints.GetAsync("/api/search?minDuration=soon");

        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSearch.StatusCode);
        Assert.Contains("minDuration", await badSearch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Reads field 2 (message) of a google.rpc.Status; enough for these short messages.</summary>
    private static string StatusMessage(byte[] status)
    {
        var i = 0;
        while (i < status.Length)
        {
            var tag = status[i++];
            if (tag == 0x08)
            {
                while ((status[i++] & 0x80) != 0) { }
                continue;
            }
            Assert.Equal(0x12, tag);
            int length = 0, shift = 0;
            byte b;
            do
            {
                b = status[i++];
                length |= (b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);
            return Encoding.UTF8.GetString(status, i, length);
        }
        return string.Empty;
    }
}
