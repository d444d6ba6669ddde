using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Orrery.Receive.Otlp;
using Orrery.Receive.RemoteWrite;
using Orrery.Receive.Tests.Otlp.Metrics;
using Orrery.Signals;
using Orrery.Signals.Metrics;
using static Orrery.Receive.Tests.RemoteWrite.RemoteWriteRequests;

namespace Orrery.Receive.Tests.RemoteWrite;

public class RemoteWriteHandlerTests
{
    private readonly RecordingMetricConsumer _consumer = new();

    [Fact]
    public async Task A_valid_request_is_stored_and_answered_204_with_no_body()
    {
        var request = Request(Series(("__name__", "up"), ("job", "node")).WithSamples((1000, 1))).Compress();

        var (status, body) = await PostAsync(request);

        Assert.Equal((204, ""), (status, body));
        var (tenant, batch) = Assert.Single(_consumer.Batches);
        Assert.Equal("default", tenant);
        Assert.Equal(["up{job=\"node\"} 1 @1000"], MetricBatchText.Samples(batch));
    }

    [Fact]
    public async Task The_tenant_comes_from_X_Scope_OrgID_when_multi_tenant()
    {
        var handler = new RemoteWriteHandler(_consumer, new OtlpReceiveOptions(MultiTenant: true));
        var request = Request(Series(("__name__", "up")).WithSamples((1, 1))).Compress();

        var (missing, message) = await PostAsync(request, handler: handler);
        var (ok, _) = await PostAsync(request, handler: handler, tenant: "team-b");

        Assert.Equal((401, "no org id\n"), (missing, message));
        Assert.Equal(204, ok);
        Assert.Equal("team-b", Assert.Single(_consumer.Batches).Tenant);
    }

    [Fact]
    public async Task Requests_of_different_sizes_one_after_another_keep_every_sample()
    {
        // The handler sizes each batch from the request before it: a much bigger one must still fit.
        var small = Request(Series(("__name__", "up"), ("i", "0")).WithSamples((1, 1))).Compress();
        var big = Request([.. Enumerable.Range(0, 500).Select(i => Series(("__name__", "up"), ("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).WithSamples((2, i), (3, i)))]).Compress();

        var statuses = new[] { (await PostAsync(small)).Status, (await PostAsync(big)).Status, (await PostAsync(small)).Status };

        Assert.Equal([204, 204, 204], statuses);
        Assert.Equal([1, 1000, 1], _consumer.Batches.Select(b => MetricBatchText.Samples(b.Batch).Count));
        Assert.Equal("up{i=\"499\"} 499 @3", MetricBatchText.Samples(_consumer.Batches[1].Batch)[^1]);
    }

    [Fact]
    public async Task A_batch_the_pipeline_gives_back_serves_the_next_request_with_only_that_requests_samples()
    {
        var releasing = new ReleasingMetricConsumer();
        var handler = new RemoteWriteHandler(releasing, new OtlpReceiveOptions());
        var small = Request(Series(("__name__", "up"), ("i", "0")).WithSamples((1, 1))).Compress();
        var big = Request([.. Enumerable.Range(0, 300).Select(i => Series(("__name__", "up"), ("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).WithSamples((2, i)))]).Compress();
        var other = Request(Series(("__name__", "down"), ("j", "x")).WithSamples((5, 7))).Compress();

        foreach (var request in new[] { small, big, other }) Assert.Equal(204, (await PostAsync(request, handler)).Status);

        // One batch, cleared between requests: each consumer call saw its own request's samples only.
        Assert.Single(releasing.Batches.Distinct());
        Assert.Equal(["up{i=\"0\"} 1 @1"], releasing.Seen[0]);
        Assert.Equal(300, releasing.Seen[1].Count);
        Assert.Equal("up{i=\"299\"} 299 @2", releasing.Seen[1][^1]);
        Assert.Equal(["down{j=\"x\"} 7 @5"], releasing.Seen[2]);
    }

    [Fact]
    public async Task A_batch_a_stage_keeps_is_never_written_again()
    {
        var first = Request(Series(("__name__", "up"), ("i", "0")).WithSamples((1, 1))).Compress();
        var second = Request(Series(("__name__", "down"), ("i", "1")).WithSamples((2, 2))).Compress();
        var handler = new RemoteWriteHandler(_consumer, new OtlpReceiveOptions());

        await PostAsync(first, handler);
        await PostAsync(second, handler);

        // The recording consumer keeps its batches (and does not say they are released).
        Assert.NotSame(_consumer.Batches[0].Batch, _consumer.Batches[1].Batch);
        Assert.Equal(["up{i=\"0\"} 1 @1"], MetricBatchText.Samples(_consumer.Batches[0].Batch));
        Assert.Equal(["down{i=\"1\"} 2 @2"], MetricBatchText.Samples(_consumer.Batches[1].Batch));
    }

    [Fact]
    public async Task Snappy_whose_content_is_shorter_than_announced_is_a_400()
    {
        var block = IronSnappy.Snappy.Encode(Request(Series(("__name__", "up")).WithSamples((1, 1))).ToByteArray());
        block[0]++; // the preamble announces one byte more than the elements fill

        var (status, body) = await PostAsync(block);

        Assert.Equal((400, "snappy: corrupt input\n"), (status, body));
        Assert.Empty(_consumer.Batches);
    }

    [Fact]
    public async Task Bad_snappy_is_a_400()
    {
        var (status, body) = await PostAsync([0x05, 0xFF, 0xFF, 0xFF]);

        Assert.Equal((400, "snappy: corrupt input\n"), (status, body));
        Assert.Empty(_consumer.Batches);
    }

    [Fact]
    public async Task Malformed_protobuf_is_a_400_naming_the_offset()
    {
        var (status, body) = await PostAsync(IronSnappy.Snappy.Encode([0x0A, 0x10, 0x01]));

        Assert.Equal(400, status);
        Assert.StartsWith("malformed remote write request: ", body);
        Assert.Empty(_consumer.Batches);
    }

    [Fact]
    public async Task Invalid_labels_are_a_400_and_the_rest_is_kept()
    {
        var request = Request(
            Series(("__name__", "bad name")).WithSamples((1, 1), (2, 2)),
            Series(("__name__", "good")).WithSamples((1, 1))).Compress();

        var (status, body) = await PostAsync(request);

        Assert.Equal(400, status);
        Assert.Equal("2 samples with invalid labels or histograms rejected, first: invalid metric name \"bad name\"\n", body);
        Assert.Equal(["good{} 1 @1"], MetricBatchText.Samples(Assert.Single(_consumer.Batches).Batch));
    }

    [Fact]
    public async Task Samples_refused_by_the_store_are_a_400_with_its_count_and_the_rest_is_kept()
    {
        _consumer.RejectSamples = 2;
        _consumer.RejectMessage = "2 out-of-order samples rejected, first: up{} @1";
        var request = Request(Series(("__name__", "up")).WithSamples((1, 1), (2, 2), (3, 3))).Compress();

        var (status, body) = await PostAsync(request);

        Assert.Equal((400, "2 out-of-order samples rejected, first: up{} @1\n"), (status, body));
        Assert.Single(_consumer.Batches);
    }

    [Theory]
    [InlineData(true, 503)]
    [InlineData(false, 400)]
    public async Task Only_retryable_refusals_are_5xx(bool retryable, int expected)
    {
        _consumer.Throw = new ConsumerRejectedException("too many active series", retryable);

        var (status, body) = await PostAsync(Request(Series(("__name__", "up")).WithSamples((1, 1))).Compress());

        Assert.Equal((expected, "too many active series\n"), (status, body));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413()
    {
        var handler = new RemoteWriteHandler(_consumer, new OtlpReceiveOptions(MaxRequestBytes: 64));
        var request = Request(Series(("__name__", "up"), ("padding", new string('x', 200))).WithSamples((1, 1))).Compress();

        var (status, body) = await PostAsync(request, handler: handler);

        Assert.Equal(413, status);
        Assert.Contains("exceeds the limit of 64 bytes", body);
        Assert.Empty(_consumer.Batches);
    }

    [Fact]
    public async Task A_small_body_that_decompresses_past_the_limit_is_a_413_without_inflating_it()
    {
        var handler = new RemoteWriteHandler(_consumer, new OtlpReceiveOptions(MaxRequestBytes: 8192));
        // Snappy compresses runs well: 100 KB of one character takes about 5 KB (3 bytes per 64).
        var request = Request(Series(("__name__", "up"), ("padding", new string('x', 100_000))).WithSamples((1, 1))).Compress();
        Assert.True(request.Length < 8192);

        var (status, body) = await PostAsync(request, handler: handler);

        Assert.Equal(413, status);
        Assert.Contains("counted after decompression", body);
    }

    [Fact]
    public async Task Remote_write_2_is_refused_as_unsupported_media()
    {
        var (status, _) = await PostAsync(Request().Compress(), contentType: "application/x-protobuf;proto=io.prometheus.write.v2.Request");

        Assert.Equal(415, status);
    }

    private async Task<(int Status, string Body)> PostAsync(
        byte[] body,
        RemoteWriteHandler? handler = null,
        string? tenant = null,
        string contentType = "application/x-protobuf")
    {
        handler ??= new RemoteWriteHandler(_consumer, new OtlpReceiveOptions());
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = RemoteWriteHandler.Path;
        context.Request.ContentType = contentType;
        context.Request.Headers.ContentEncoding = "snappy";
        context.Request.Headers["X-Prometheus-Remote-Write-Version"] = "0.1.0";
        if (tenant is not null) context.Request.Headers[Tenant.HeaderName] = tenant;
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        var response = new MemoryStream();
        context.Response.Body = response;

        await handler.HandleAsync(context);

        return (context.Response.StatusCode, System.Text.Encoding.UTF8.GetString(response.ToArray()));
    }
}
