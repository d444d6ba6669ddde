using System.Net;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests;

[Collection(SharedOrreryCollection.Name)]
public class ServingTests(SharedOrrery orrery)
{
    [Fact]
    public async Task Ready_echo_and_buildinfo_answer()
    {
        using var ready = await orrery.Endpoints.GetAsync("/ready");
        using var echo = await orrery.Endpoints.GetAsync("/api/echo");
        using var build = await orrery.Endpoints.GetAsync("/api/status/buildinfo");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("echo", await echo.Content.ReadAsStringAsync());
        Assert.Contains("\"version\"", await build.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_count_received_spans_by_transport()
    {
        var body = Google.Protobuf.MessageExtensions.ToByteArray(
            OtlpMessages.Request("metrics-svc", OtlpMessages.Span(OtlpMessages.NewTraceId(), OtlpMessages.NewSpanId(), "op", OtlpMessages.NowUnixNano())));
        using (var sent = await orrery.Endpoints.PostOtlpAsync(orrery.Endpoints.OtlpHttpTraces, body, "application/x-protobuf"))
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        using var response = await orrery.Endpoints.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"orrery_receiver_spans_received_total\{transport=""http""\} [1-9]", text);
        Assert.Matches(@"orrery_spans_stored_total [1-9]", text);
        Assert.Contains("# TYPE orrery_http_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("orrery_head_spans ", text, StringComparison.Ordinal);
        // The process and GC gauges Prometheus clients export, for stock dashboards and the benches.
        Assert.Matches(@"(?m)^process_resident_memory_bytes [1-9]\d{6,}$", text);
        Assert.Matches(@"(?m)^process_cpu_seconds_total \d+(\.\d+)?(e[+-]?\d+)?$", text);
        Assert.Matches(@"(?m)^process_open_fds [1-9]", text);
        Assert.Matches(@"(?m)^dotnet_gc_heap_size_bytes [1-9]", text);
        Assert.Matches(@"(?m)^dotnet_gc_collections_total\{generation=""2""\} \d+$", text);
        Assert.Matches(@"(?m)^dotnet_gc_generation_size_bytes\{generation=""loh""\} \d+$", text);
    }

    [Fact]
    public async Task Otlp_ports_serve_only_their_receiver()
    {
        using var response = await orrery.Endpoints.Client.GetAsync(new Uri($"http://127.0.0.1:{orrery.Endpoints.OtlpHttpPort}/api/echo"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
