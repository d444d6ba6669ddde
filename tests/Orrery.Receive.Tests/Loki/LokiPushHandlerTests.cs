using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using Orrery.Receive.Loki;
using Orrery.Receive.Otlp;
using Orrery.Receive.Tests.Otlp.Logs;
using Orrery.Signals;
using static Orrery.Receive.Tests.Loki.LokiPushSamples;

namespace Orrery.Receive.Tests.Loki;

public class LokiPushHandlerTests
{
    private const long T0 = 1_700_000_000_000_000_000;
    private readonly RecordingLogConsumer _consumer = new();

    private async Task<(int Status, string Body, HttpResponse Response)> PostAsync(
        byte[] body, string? contentType, string? encoding = null, string? tenant = null, OtlpReceiveOptions? options = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = LokiPushHandler.Path;
        context.Request.ContentType = contentType;
        if (encoding is not null) context.Request.Headers.ContentEncoding = encoding;
        if (tenant is not null) context.Request.Headers[Tenant.HeaderName] = tenant;
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        var response = new MemoryStream();
        context.Response.Body = response;

        await new LokiPushHandler(_consumer, options ?? new OtlpReceiveOptions()).HandleAsync(context);

        return (context.Response.StatusCode, Encoding.UTF8.GetString(response.ToArray()), context.Response);
    }

    private static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public async Task Protobuf_and_snappy_push_is_stored_and_answered_204()
    {
        var body = Snappied(Stream("{app=\"api\"}", Entry(T0, "hello", ("trace_id", "abc"))));

        var (status, text, _) = await PostAsync(body, "application/x-protobuf");

        Assert.Equal(StatusCodes.Status204NoContent, status);
        Assert.Equal("", text);
        var line = Assert.Single(_consumer.Stored);
        Assert.Equal("hello", line.Line);
        Assert.Equal("abc", line.Meta("trace_id"));
        Assert.Equal("default", _consumer.Batches[0].Tenant);
    }

    [Fact]
    public async Task Gzipped_json_push_is_stored()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Json("{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"1\",\"zipped\"]]}]}"));
        }

        var (status, _, _) = await PostAsync(compressed.ToArray(), "application/json; charset=utf-8", encoding: "gzip");

        Assert.Equal(StatusCodes.Status204NoContent, status);
        Assert.Equal("zipped", Assert.Single(_consumer.Stored).Line);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Deflated_json_push_is_stored_as_zlib_or_raw_deflate(bool zlib)
    {
        using var compressed = new MemoryStream();
        using (Stream deflater = zlib ? new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true) : new DeflateStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflater.Write(Json("{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"1\",\"deflated\"]]}]}"));
        }

        var (status, _, _) = await PostAsync(compressed.ToArray(), "application/json", encoding: "deflate");

        Assert.Equal(StatusCodes.Status204NoContent, status);
        Assert.Equal("deflated", Assert.Single(_consumer.Stored).Line);
    }

    [Fact]
    public async Task A_deflate_body_that_is_not_deflate_answers_400()
    {
        var (status, text, _) = await PostAsync([0x78, 0x9c, 0xff, 0xff, 0xff, 0xff], "application/json", encoding: "deflate");

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.StartsWith("invalid deflate body", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deflate_body_larger_than_the_limit_once_inflated_answers_413()
    {
        using var compressed = new MemoryStream();
        using (var deflater = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflater.Write(new byte[100_000]);
        }

        var (status, _, _) = await PostAsync(compressed.ToArray(), "application/json", encoding: "deflate", options: new OtlpReceiveOptions { MaxRequestBytes = 10_000 });

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, status);
    }

    [Fact]
    public async Task Pushed_lines_get_a_detected_level_from_metadata_labels_or_text()
    {
        var body = Json("""
            {"streams":[
              {"stream":{"app":"api"},"values":[["1","ERROR boom"],["2","level=debug msg=x"],["3","quiet"],["4","x",{"level":"WARNING"}],["5","y",{"detected_level":"info"}]]},
              {"stream":{"app":"db","level":"error"},"values":[["6","no words"]]}
            ]}
            """);

        var (status, _, _) = await PostAsync(body, "application/json");

        Assert.Equal(StatusCodes.Status204NoContent, status);
        Assert.Equal(["error", "debug", "unknown", "warn", "info", "error"], _consumer.Stored.Select(l => l.Meta("detected_level")));
    }

    [Fact]
    public async Task Bad_labels_answer_400_and_the_other_streams_are_kept()
    {
        var body = Snappied(Stream("{app=\"api\"}", Entry(T0, "kept")), Stream("{app}", Entry(T0, "dropped")));

        var (status, text, _) = await PostAsync(body, "application/x-protobuf");

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.Equal("1 lines dropped for invalid labels: stream 1: invalid labels '{app}' at byte 4: expected '='\n", text);
        Assert.Equal("kept", Assert.Single(_consumer.Stored).Line);
    }

    [Fact]
    public async Task Lines_the_store_rejects_answer_400_saying_how_many_and_why()
    {
        _consumer.RejectLinesContaining = "huge";
        var body = Json("{\"streams\":[{\"stream\":{\"app\":\"api\"},\"values\":[[\"1\",\"ok\"],[\"2\",\"huge line\"],[\"3\",\"ok too\"]]}]}");

        var (status, text, _) = await PostAsync(body, "application/json");

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.Equal("1 of 3 lines rejected: 1 lines longer than the limit\n", text);
        Assert.Equal(["ok", "ok too"], _consumer.Stored.Select(l => l.Line));
    }

    [Theory]
    [InlineData("application/json", "{\"streams\":[", "malformed JSON push request near byte")]
    [InlineData("application/x-protobuf", "not snappy at all \u00ff\u00ff", "invalid snappy body")]
    public async Task Malformed_bodies_answer_400(string contentType, string body, string message)
    {
        var (status, text, response) = await PostAsync(Encoding.Latin1.GetBytes(body), contentType);

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.StartsWith(message, text);
        Assert.Equal("text/plain; charset=utf-8", response.ContentType);
        Assert.Empty(_consumer.Batches);
    }

    [Fact]
    public async Task Oversize_json_answers_413()
    {
        var lines = string.Join(",", Enumerable.Range(0, 20).Select(i => $"[\"{i}\",\"line {i}\"]"));

        var (status, text, _) = await PostAsync(
            Json($"{{\"streams\":[{{\"stream\":{{\"a\":\"b\"}},\"values\":[{lines}]}}]}}"), "application/json", options: new OtlpReceiveOptions(MaxRequestBytes: 100));

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, status);
        Assert.StartsWith("request body exceeds the limit of 100 bytes", text);
        Assert.Empty(_consumer.Batches);
    }

    [Fact]
    public async Task Snappy_bodies_that_inflate_past_the_limit_answer_413()
    {
        // Repetitive lines compress far below their size: the body is within the limit, what it inflates to is not.
        var body = Snappied(Stream("{a=\"b\"}", [.. Enumerable.Range(0, 50).Select(i => Entry(T0, new string('x', 200)))]));
        var limit = body.Length + 10;

        var (status, text, _) = await PostAsync(body, "application/x-protobuf", options: new OtlpReceiveOptions(MaxRequestBytes: limit));

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, status);
        Assert.StartsWith($"request body exceeds the limit of {limit} bytes", text);
        Assert.Empty(_consumer.Batches);
    }

    [Theory]
    [InlineData(true, StatusCodes.Status503ServiceUnavailable)]
    [InlineData(false, StatusCodes.Status400BadRequest)]
    public async Task Refusals_answer_503_when_retryable(bool retryable, int expected)
    {
        _consumer.Throw = new ConsumerRejectedException("too many streams", retryable);

        var (status, text, response) = await PostAsync(Snappied(Stream("{a=\"b\"}", Entry(T0, "x"))), "application/x-protobuf");

        Assert.Equal(expected, status);
        Assert.Equal("too many streams\n", text);
        Assert.Equal(retryable ? "1" : "", response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task The_tenant_comes_from_X_Scope_OrgID_when_multi_tenant()
    {
        var options = new OtlpReceiveOptions(MultiTenant: true);
        var body = Snappied(Stream("{a=\"b\"}", Entry(T0, "x")));

        var (missing, _, _) = await PostAsync(body, "application/x-protobuf", options: options);
        var (ok, _, _) = await PostAsync(body, "application/x-protobuf", tenant: "team-a", options: options);

        Assert.Equal(StatusCodes.Status401Unauthorized, missing);
        Assert.Equal(StatusCodes.Status204NoContent, ok);
        Assert.Equal("team-a", Assert.Single(_consumer.Batches).Tenant);
    }
}
