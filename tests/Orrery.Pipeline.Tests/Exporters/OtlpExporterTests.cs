using System.IO.Compression;
using System.Net;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Exporters;
using Orrery.Pipeline.Tests.Processors;
using Orrery.Signals;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Exporters;

public sealed class OtlpExporterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orrery-otlp-queue-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Otlphttp_posts_gzipped_protobuf_to_the_traces_url_with_the_tenant()
    {
        var peer = new FakePeer();
        await using var exporter = (IAsyncDisposable)Create("otlphttp", "endpoint: http://peer:4318\nsending_queue: { enabled: false }\n", peer);

        await ((ITraceConsumer)exporter).ConsumeAsync("team-a", new SpanBatchBuilder().Span("a").Build());

        var request = Assert.Single(peer.Requests);
        Assert.Equal("http://peer:4318/v1/traces", request.Url);
        Assert.Equal("team-a", request.Tenant);
        Assert.Equal("application/x-protobuf", request.ContentType);
        Assert.Equal(Encode(1), Gunzip(request.Body));
    }

    [Fact]
    public async Task Retryable_answers_are_retried_until_the_peer_accepts()
    {
        var peer = new FakePeer(HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests, HttpStatusCode.OK);
        await using var exporter = (IAsyncDisposable)Create("otlphttp", "endpoint: http://peer:4318\ncompression: none\nsending_queue: { enabled: false }\nretry_on_failure: { initial_interval: 1ms, max_interval: 2ms }\n", peer);

        await ((ITraceConsumer)exporter).ConsumeAsync("t", new SpanBatchBuilder().Span("a").Build());

        Assert.Equal(3, peer.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, false, 1)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true, 1)]
    public async Task Without_a_queue_a_failed_send_is_refused_to_the_caller(HttpStatusCode status, bool retryable, int requests)
    {
        var peer = new FakePeer(status);
        await using var exporter = (IAsyncDisposable)Create("otlphttp", "endpoint: http://peer:4318\nsending_queue: { enabled: false }\nretry_on_failure: { enabled: false }\n", peer);

        var e = await Assert.ThrowsAsync<ConsumerRejectedException>(async () => await ((ITraceConsumer)exporter).ConsumeAsync("t", new SpanBatchBuilder().Span("a").Build()));

        Assert.Equal(retryable, e.Retryable);
        Assert.Equal(requests, peer.Requests.Count);
    }

    [Fact]
    public async Task The_disk_queue_keeps_batches_while_the_peer_is_down_and_sends_them_after_a_restart()
    {
        var down = new FakePeer(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 1000).ToArray());
        var settings = $"endpoint: http://peer:4318\ncompression: none\nsending_queue: {{ num_consumers: 1, directory: '{_dir}' }}\nretry_on_failure: {{ initial_interval: 1h, max_elapsed_time: 0 }}\n";
        var first = Create("otlphttp", settings, down);
        await first.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Build());
        await first.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Span("b").Build());
        await WaitUntil(() => down.Requests.Count >= 1);
        await ((IAsyncDisposable)first).DisposeAsync();
        Assert.Equal(2, Directory.GetFiles(_dir, "*.otlp").Length);

        var up = new FakePeer();
        var second = Create("otlphttp", settings, up);
        await WaitUntil(() => up.Requests.Count == 2 && Directory.GetFiles(_dir, "*.otlp").Length == 0);
        await ((IAsyncDisposable)second).DisposeAsync();

        Assert.Equal([Encode(1), Encode(2)], up.Requests.Select(r => r.Body));
    }

    [Fact]
    public async Task Leftover_files_beyond_the_queue_size_are_sent_and_never_overwritten_by_new_batches()
    {
        // Five batches left by an earlier run, more than the queue holds.
        for (var i = 1; i <= 5; i++) await File.WriteAllBytesAsync(Path.Combine(_dir, $"{i:D20}.t.otlp"), Encode(i));
        var up = new FakePeer();
        var settings = $"endpoint: http://peer:4318\ncompression: none\nsending_queue: {{ num_consumers: 1, queue_size: 2, directory: '{_dir}' }}\n";
        var exporter = Create("otlphttp", settings, up);

        await WaitUntil(() => up.Requests.Count == 5);
        await exporter.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Span("b").Span("c").Span("d").Span("e").Span("f").Build());
        await WaitUntil(() => up.Requests.Count == 6 && Directory.GetFiles(_dir, "*.otlp").Length == 0);
        await ((IAsyncDisposable)exporter).DisposeAsync();

        Assert.Equal([Encode(1), Encode(2), Encode(3), Encode(4), Encode(5), Encode(6)], up.Requests.Select(r => r.Body));
    }

    [Fact]
    public async Task A_full_queue_refuses_with_a_retryable_error()
    {
        var peer = new FakePeer { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var exporter = Create("otlphttp", "endpoint: http://peer:4318\nsending_queue: { num_consumers: 1, queue_size: 1 }\n", peer);
        await exporter.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Build());
        await WaitUntil(() => peer.Requests.Count == 1);
        await exporter.ConsumeAsync("t", new SpanBatchBuilder().Span("b").Build());

        var e = await Assert.ThrowsAsync<ConsumerRejectedException>(async () => await exporter.ConsumeAsync("t", new SpanBatchBuilder().Span("c").Build()));

        Assert.True(e.Retryable);
        peer.Gate.SetResult();
        await ((IAsyncDisposable)exporter).DisposeAsync();
    }

    [Fact]
    public async Task Otlp_grpc_frames_the_message_and_reads_the_status_trailer()
    {
        var peer = new FakePeer { GrpcStatuses = new Queue<string>(["14", "0"]) };
        await using var exporter = (IAsyncDisposable)Create("otlp", "endpoint: peer:4317\nsending_queue: { enabled: false }\nretry_on_failure: { initial_interval: 1ms }\n", peer);

        await ((ITraceConsumer)exporter).ConsumeAsync("t", new SpanBatchBuilder().Span("a").Build());

        Assert.Equal(2, peer.Requests.Count);
        var request = peer.Requests[1];
        Assert.Equal("http://peer:4317/opentelemetry.proto.collector.trace.v1.TraceService/Export", request.Url);
        Assert.Equal("application/grpc", request.ContentType);
        Assert.Equal([0, 0, 0, 0, 1, 1], request.Body);
    }

    [Theory]
    [InlineData("endpoint: http://peer:4318\n", "http://peer:4318/v1/metrics")]
    [InlineData("endpoint: http://peer:4318\nmetrics_endpoint: http://other:9000/otlp/metrics\n", "http://other:9000/otlp/metrics")]
    [InlineData("endpoint: http://peer:4318\ntraces_endpoint: http://other:9000/t\n", "http://peer:4318/v1/metrics")]
    public async Task Otlphttp_forwards_a_metrics_pipeline_as_an_export_metrics_request(string yaml, string url)
    {
        var peer = new FakePeer();
        var exporter = new OtlpExporterFactory("otlphttp", Encoder, peer).CreateMetricsExporter(
            TestContext.Settings("otlphttp", yaml + "compression: none\nsending_queue: { enabled: false }\n"), new PipelineTerminals(null, null, null), TestContext.Create());
        var batch = new MetricBatch();
        batch.BeginSeries();
        batch.AddLabel("__name__", "queue_depth");
        batch.AddLabel("job", "worker");
        batch.AddSample(batch.EndSeries(out _), 1_000, 12);

        var result = await exporter.ConsumeAsync("team-a", batch);
        await ((IAsyncDisposable)exporter).DisposeAsync();

        Assert.Equal((1, 0), (result.AcceptedSamples, result.RejectedSamples));
        var request = Assert.Single(peer.Requests);
        Assert.Equal((url, "team-a"), (request.Url, request.Tenant));
        var metric = ExportMetricsServiceRequest.Parser.ParseFrom(request.Body).ResourceMetrics[0].ScopeMetrics[0].Metrics[0];
        Assert.Equal(("queue_depth", 12.0), (metric.Name, metric.Gauge.DataPoints[0].AsDouble));
    }

    [Fact]
    public async Task Otlphttp_forwards_a_logs_pipeline_as_an_export_logs_request()
    {
        var peer = new FakePeer();
        var exporter = new OtlpExporterFactory("otlphttp", Encoder, peer).CreateLogsExporter(
            TestContext.Settings("otlphttp", "endpoint: http://peer:4318\nsending_queue: { enabled: false }\n"), new PipelineTerminals(null, null, null), TestContext.Create());

        var result = await exporter.ConsumeAsync("team-a", LogLines("disk full", "disk still full"));
        await ((IAsyncDisposable)exporter).DisposeAsync();

        Assert.Equal((2, 0), (result.AcceptedLines, result.RejectedLines));
        var request = Assert.Single(peer.Requests);
        Assert.Equal(("http://peer:4318/v1/logs", "team-a"), (request.Url, request.Tenant));
        var records = ExportLogsServiceRequest.Parser.ParseFrom(Gunzip(request.Body)).ResourceLogs[0].ScopeLogs[0].LogRecords;
        Assert.Equal(["disk full", "disk still full"], records.Select(r => r.Body.StringValue));
    }

    [Theory]
    [InlineData("metrics", "opentelemetry.proto.collector.metrics.v1.MetricsService/Export")]
    [InlineData("logs", "opentelemetry.proto.collector.logs.v1.LogsService/Export")]
    public async Task Otlp_grpc_calls_the_export_method_of_the_signal(string signal, string method)
    {
        var peer = new FakePeer { GrpcStatuses = new Queue<string>(["0"]) };
        var factory = new OtlpExporterFactory("otlp", Encoder, peer);
        var settings = TestContext.Settings("otlp", "endpoint: peer:4317\nsending_queue: { enabled: false }\n");
        var context = TestContext.Create();
        var terminals = new PipelineTerminals(null, null, null);
        if (signal == "metrics")
        {
            var exporter = factory.CreateMetricsExporter(settings, terminals, context);
            var batch = new MetricBatch();
            batch.BeginSeries();
            batch.AddLabel("__name__", "up");
            batch.AddSample(batch.EndSeries(out _), 1, 1);
            await exporter.ConsumeAsync("t", batch);
            await ((IAsyncDisposable)exporter).DisposeAsync();
        }
        else
        {
            var exporter = factory.CreateLogsExporter(settings, terminals, context);
            await exporter.ConsumeAsync("t", LogLines("hello"));
            await ((IAsyncDisposable)exporter).DisposeAsync();
        }

        Assert.Equal("http://peer:4317/" + method, Assert.Single(peer.Requests).Url);
    }

    [Fact]
    public async Task One_exporter_id_queues_each_signal_in_a_directory_of_its_own_and_sends_them_after_a_restart()
    {
        var down = new FakePeer(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 1000).ToArray());
        var settings = TestContext.Settings("otlphttp", $"endpoint: http://peer:4318\ncompression: none\nsending_queue: {{ num_consumers: 1, directory: '{_dir}' }}\nretry_on_failure: {{ initial_interval: 1h, max_elapsed_time: 0 }}\n");
        var terminals = new PipelineTerminals(null, null, null);
        var traces = new OtlpExporterFactory("otlphttp", Encoder, down).CreateTracesExporter(settings, terminals, TestContext.Create());
        var logs = new OtlpExporterFactory("otlphttp", Encoder, down).CreateLogsExporter(settings, terminals, TestContext.Create());
        await traces.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Build());
        await logs.ConsumeAsync("t", LogLines("kept on disk"));
        await WaitUntil(() => down.Requests.Count >= 2);
        await ((IAsyncDisposable)traces).DisposeAsync();
        await ((IAsyncDisposable)logs).DisposeAsync();
        Assert.Single(Directory.GetFiles(_dir, "*.otlp"));
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "logs"), "*.otlp"));

        var up = new FakePeer();
        var restarted = new OtlpExporterFactory("otlphttp", Encoder, up).CreateLogsExporter(settings, terminals, TestContext.Create());
        await WaitUntil(() => up.Requests.Count == 1 && Directory.GetFiles(Path.Combine(_dir, "logs"), "*.otlp").Length == 0);
        await ((IAsyncDisposable)restarted).DisposeAsync();

        var request = Assert.Single(up.Requests);
        Assert.Equal("http://peer:4318/v1/logs", request.Url);
        Assert.Equal("kept on disk", ExportLogsServiceRequest.Parser.ParseFrom(request.Body).ResourceLogs[0].ScopeLogs[0].LogRecords[0].Body.StringValue);
    }

    [Theory]
    [InlineData("sending_queue: { queue_size: 1 }\n", "missing 'endpoint'")]
    [InlineData("endpoint: ftp://x\n", "not an http(s) URL")]
    [InlineData("endpoint: http://x\ncompression: zstd\n", "compression")]
    [InlineData("endpoint: http://x\nsending_queue: { storage: file_storage }\n", "sending_queue.directory")]
    public void Bad_settings_are_refused(string yaml, string reason)
    {
        var e = Assert.Throws<PipelineConfigException>(() => new OtlpExporterFactory("otlphttp", Encoder).Validate(TestContext.Settings("otlphttp", yaml)));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    // The payload stands for the encoded request: one byte, the span count.
    private static readonly Func<SpanBatch, byte[]> Encoder = b => Encode(b.Count);

    private static byte[] Encode(int spans) => [(byte)spans];

    private static ITraceConsumer Create(string type, string yaml, FakePeer peer) =>
        new OtlpExporterFactory(type, Encoder, peer).CreateTracesExporter(TestContext.Settings(type, yaml), new PipelineTerminals(null, null, null), TestContext.Create());

    private static LogBatch LogLines(params string[] lines)
    {
        var batch = new LogBatch();
        batch.BeginStream();
        batch.AddStreamLabel("service_name", "api");
        var stream = batch.EndStream(out _);
        for (var i = 0; i < lines.Length; i++)
        {
            batch.Records.Add(new LogRecordRow { Stream = stream, TimestampNs = i + 1, Line = batch.Bytes.Append(lines[i]), Metadata = new RowRange(batch.Metadata.Count, 0) });
        }
        return batch;
    }

    private static byte[] Gunzip(byte[] body)
    {
        using var zip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var result = new MemoryStream();
        zip.CopyTo(result);
        return result.ToArray();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        while (!condition()) await Task.Delay(5);
    }

    private sealed record SeenRequest(string Url, string? Tenant, string? ContentType, byte[] Body);

    /// <summary>Answers with the given HTTP statuses in turn (then 200), or gRPC statuses as trailers.</summary>
    private sealed class FakePeer(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private int _calls;

        public List<SeenRequest> Requests { get; } = [];
        public TaskCompletionSource? Gate { get; init; }
        public Queue<string>? GrpcStatuses { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            lock (Requests)
            {
                Requests.Add(new SeenRequest(
                    request.RequestUri!.ToString(),
                    request.Headers.TryGetValues(Tenant.HeaderName, out var t) ? t.First() : null,
                    request.Content.Headers.ContentType?.MediaType,
                    body));
            }
            if (Gate is not null) await Gate.Task.WaitAsync(cancellationToken);
            var call = Interlocked.Increment(ref _calls) - 1;
            var response = new HttpResponseMessage(call < statuses.Length ? statuses[call] : HttpStatusCode.OK);
            if (GrpcStatuses is not null) response.TrailingHeaders.Add("grpc-status", GrpcStatuses.Dequeue());
            return response;
        }
    }
}
