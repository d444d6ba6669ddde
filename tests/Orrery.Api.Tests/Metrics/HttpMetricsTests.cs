using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Orrery.Api.Metrics;

namespace Orrery.Api.Tests.Metrics;

/// <summary>
/// The request histogram and its exemplars end to end through the exporter. The only tests
/// that create <see cref="HttpMetrics"/> (meter "Orrery.Http"), so their scrapes see only their own requests.
/// </summary>
public class HttpMetricsTests
{
    [Fact]
    public void A_request_continues_the_callers_trace_and_its_latency_bucket_names_it()
    {
        using var exporter = new PrometheusExporter("Orrery.Http");
        using var metrics = new HttpMetrics();
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Headers["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        string spanId;
        using (var activity = metrics.StartRequest(context))
        {
            Assert.NotNull(activity);
            Assert.Same(activity, Activity.Current);
            Assert.Equal("00f067aa0ba902b7", activity.ParentSpanId.ToHexString());
            spanId = activity.SpanId.ToHexString();
            metrics.Record("http", "/api/v1/series", 200, 0.003);
            Assert.Equal("GET /api/v1/series", activity.DisplayName);
        }

        var text = exporter.Scrape(ExpositionFormat.OpenMetrics);

        Assert.Empty(ExpositionValidator.OpenMetrics(text));
        Assert.Contains("# UNIT orrery_http_request_duration_seconds seconds\n", text, StringComparison.Ordinal);
        Assert.Contains(
            $"orrery_http_request_duration_seconds_bucket{{code=\"200\",handler=\"/api/v1/series\",listener=\"http\",le=\"0.005\"}} 1 # {{trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\",span_id=\"{spanId}\"}} 0.003 ",
            text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_without_a_caller_trace_starts_one_so_every_bucket_has_an_exemplar()
    {
        using var exporter = new PrometheusExporter("Orrery.Http");
        using var metrics = new HttpMetrics();
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        string traceId;
        using (var activity = metrics.StartRequest(context))
        {
            Assert.NotNull(activity);
            Assert.True(activity.Recorded);
            traceId = activity.TraceId.ToHexString();
            metrics.Record("otlp-http", "/v1/traces", 200, 2);
        }

        var text = exporter.Scrape(ExpositionFormat.OpenMetrics);

        Assert.Contains($"le=\"2.5\"}} 1 # {{trace_id=\"{traceId}\"", text, StringComparison.Ordinal);
        Assert.Null(Activity.Current);
    }
}
