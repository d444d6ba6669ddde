using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.Pipeline;

/// <summary>
/// A <c>memory_limiter</c> whose limit (1 MiB, no spike allowance) any running server is above,
/// so it refuses every batch from its first check on: deterministic without a memory flood.
/// Refusals must be retryable (HTTP 503 + Retry-After, gRPC UNAVAILABLE), nothing refused may be
/// stored, and the server keeps answering.
/// </summary>
public partial class MemoryLimiterTests
{
    private const string Config = """
        receivers:
          otlp:

        processors:
          memory_limiter:
            check_interval: 5s
            limit_mib: 1
            spike_limit_mib: 0

        exporters:
          orrery:

        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter]
              exporters: [orrery]
        """;

    [Fact]
    public async Task Refusals_above_the_limit_are_retryable_and_the_server_keeps_serving()
    {
        await using var orrery = await InProcessOrrery.StartAsync(configYaml: Config);
        var endpoints = orrery.Endpoints;
        var refused = new List<string>();

        for (var i = 0; i < 2; i++)
        {
            var (traceId, body) = NewTrace();
            using var response = await endpoints.PostOtlpAsync(endpoints.OtlpHttpTraces, body, "application/x-protobuf");
            Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests, $"HTTP {(int)response.StatusCode}");
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            refused.Add(traceId);
        }

        var (grpcTraceId, grpcBody) = NewTrace();
        var grpc = await RawGrpcClient.CallAsync(endpoints.Client, endpoints.Grpc, RawGrpcClient.Frame(grpcBody));
        Assert.Equal(14, grpc.Status); // UNAVAILABLE: OTLP clients retry it
        refused.Add(grpcTraceId);

        // Still serving: ready, reads answer, and nothing refused reached the store.
        using (var ready = await endpoints.GetAsync("/ready")) Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var reads = new OrreryReads(endpoints, DateTimeOffset.UtcNow.AddMinutes(-5));
        foreach (var id in refused) Assert.False(await reads.TraceExistsAsync(id), $"refused trace {id} was stored");

        using var metrics = await endpoints.GetAsync("/metrics");
        var text = await metrics.Content.ReadAsStringAsync();
        var counted = RefusedLine().Matches(text).Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(refused.Count, counted);
    }

    private const string AllSignalsConfig = """
        receivers:
          otlp:
          loki:
          prometheusremotewrite:

        processors:
          memory_limiter:
            check_interval: 7s
            limit_mib: 1
            spike_limit_mib: 0

        exporters:
          orrery:

        service:
          pipelines:
            metrics:
              receivers: [prometheusremotewrite]
              processors: [memory_limiter]
              exporters: [orrery]
            logs:
              receivers: [loki]
              processors: [memory_limiter]
              exporters: [orrery]
        """;

    [Fact]
    public async Task Loki_push_and_remote_write_refusals_carry_the_limiters_retry_hint()
    {
        await using var orrery = await InProcessOrrery.StartAsync(configYaml: AllSignalsConfig);
        var endpoints = orrery.Endpoints;
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var push = $$"""{"streams":[{"stream":{"job":"limited"},"values":[["{{nowMs}}000000","refused line"]]}]}""";
        using (var pushed = await endpoints.Client.PostAsync(new Uri(endpoints.Http, "/loki/api/v1/push"), new StringContent(push, System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, pushed.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), pushed.Headers.RetryAfter?.Delta);
        }

        var write = new Prometheus.Prompb.WriteRequest();
        var series = new Prometheus.Prompb.TimeSeries();
        series.Labels.Add(new Prometheus.Prompb.Label { Name = "__name__", Value = "refused_metric" });
        series.Samples.Add(new Prometheus.Prompb.Sample { Timestamp = nowMs, Value = 1 });
        write.Timeseries.Add(series);
        var content = new ByteArrayContent(IronSnappy.Snappy.Encode(write.ToByteArray()));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoints.Http, "/api/v1/write")) { Content = content };
        request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        using var written = await endpoints.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, written.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), written.Headers.RetryAfter?.Delta);
    }

    private static (string TraceId, byte[] Body) NewTrace()
    {
        var traceId = OtlpMessages.NewTraceId();
        var request = OtlpMessages.Request("limited", OtlpMessages.Span(traceId, OtlpMessages.NewSpanId(), "refused", OtlpMessages.NowUnixNano()));
        return (OtlpMessages.Hex(traceId), request.ToByteArray());
    }

    [GeneratedRegex(@"^orrery_processor_memory_limiter_refused(?:_batches)?(?:_total)?(?:\{[^}]*\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex RefusedLine();
}
