using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Orrery.Api.Metrics;

namespace Orrery.Api.Tests.Metrics;

/// <summary>
/// Orrery's own /metrics. Each test uses meters under its own prefix so that instruments of
/// tests running in parallel never show up in its scrape.
/// </summary>
public class PrometheusExporterTests
{
    [Fact]
    public void OpenMetrics_output_has_units_total_suffixes_and_eof()
    {
        using var meter = new Meter("OrreryTest.Formats");
        using var exporter = new PrometheusExporter("OrreryTest.Formats");
        meter.CreateCounter<long>("orrery_spans_received", description: "Spans received.").Add(5, new KeyValuePair<string, object?>("signal", "traces"));
        meter.CreateCounter<long>("orrery_bytes_read_total", "By", "Bytes \"read\".\\n").Add(7);
        meter.CreateObservableGauge("orrery_wal_bytes", () => 1024.5, "By", "WAL size.");
        meter.CreateHistogram<double>("orrery_flush_seconds", "s", "Flush time.").Record(0.3);

        var text = exporter.Scrape(ExpositionFormat.OpenMetrics);

        Assert.Empty(ExpositionValidator.OpenMetrics(text));
        Assert.Equal(
            """
            # TYPE orrery_bytes_read counter
            # HELP orrery_bytes_read Bytes \"read\".\\n
            orrery_bytes_read_total 7
            # TYPE orrery_flush_seconds histogram
            # UNIT orrery_flush_seconds seconds
            # HELP orrery_flush_seconds Flush time.
            orrery_flush_seconds_bucket{le="0.001"} 0
            orrery_flush_seconds_bucket{le="0.0025"} 0
            orrery_flush_seconds_bucket{le="0.005"} 0
            orrery_flush_seconds_bucket{le="0.01"} 0
            orrery_flush_seconds_bucket{le="0.025"} 0
            orrery_flush_seconds_bucket{le="0.05"} 0
            orrery_flush_seconds_bucket{le="0.1"} 0
            orrery_flush_seconds_bucket{le="0.25"} 0
            orrery_flush_seconds_bucket{le="0.5"} 1
            orrery_flush_seconds_bucket{le="1.0"} 1
            orrery_flush_seconds_bucket{le="2.5"} 1
            orrery_flush_seconds_bucket{le="5.0"} 1
            orrery_flush_seconds_bucket{le="10.0"} 1
            orrery_flush_seconds_bucket{le="+Inf"} 1
            orrery_flush_seconds_sum 0.3
            orrery_flush_seconds_count 1
            # TYPE orrery_spans_received counter
            # HELP orrery_spans_received Spans received.
            orrery_spans_received_total{signal="traces"} 5
            # TYPE orrery_wal_bytes gauge
            # UNIT orrery_wal_bytes bytes
            # HELP orrery_wal_bytes WAL size.
            orrery_wal_bytes 1024.5
            # EOF

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            text);
    }

    [Fact]
    public void Text_output_stays_prometheus_0_0_4()
    {
        using var meter = new Meter("OrreryTest.Text");
        using var exporter = new PrometheusExporter("OrreryTest.Text");
        meter.CreateCounter<long>("orrery_spans_received", description: "Spans received.").Add(5, new KeyValuePair<string, object?>("path", "a\"b\\c"));
        meter.CreateHistogram<double>("orrery_flush_seconds", "s", "Flush \"time\".").Record(3);
        using (StartSampledActivity()) meter.CreateHistogram<double>("orrery_other_seconds", "s", "Other.").Record(0.2);

        var text = exporter.Scrape(ExpositionFormat.Text);

        Assert.Empty(ExpositionValidator.Text(text));
        Assert.Contains("# TYPE orrery_spans_received_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("orrery_spans_received_total{path=\"a\\\"b\\\\c\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP orrery_flush_seconds Flush \"time\".\n", text, StringComparison.Ordinal);
        Assert.Contains("orrery_flush_seconds_bucket{le=\"1\"} 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("# UNIT", text, StringComparison.Ordinal);
        Assert.DoesNotContain("trace_id", text, StringComparison.Ordinal);
        Assert.Equal(exporter.Scrape(), text);
    }

    [Fact]
    public void A_histogram_bucket_carries_the_trace_of_the_measurement_that_fell_into_it()
    {
        using var meter = new Meter("OrreryTest.Exemplars");
        using var exporter = new PrometheusExporter("OrreryTest.Exemplars");
        var histogram = meter.CreateHistogram<double>("orrery_work_seconds", "s", "Work.");
        histogram.Record(0.0001);
        string traceId, spanId;
        using (var activity = StartSampledActivity())
        {
            (traceId, spanId) = (activity.TraceId.ToHexString(), activity.SpanId.ToHexString());
            histogram.Record(0.003);
        }

        var text = exporter.Scrape(ExpositionFormat.OpenMetrics);

        Assert.Empty(ExpositionValidator.OpenMetrics(text));
        var lines = text.Split('\n');
        Assert.Contains("orrery_work_seconds_bucket{le=\"0.001\"} 1", lines);
        var bucket = Assert.Single(lines, l => l.StartsWith("orrery_work_seconds_bucket{le=\"0.005\"} 2 # ", StringComparison.Ordinal));
        Assert.StartsWith($"orrery_work_seconds_bucket{{le=\"0.005\"}} 2 # {{trace_id=\"{traceId}\",span_id=\"{spanId}\"}} 0.003 ", bucket, StringComparison.Ordinal);
        var timestamp = double.Parse(bucket.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
        Assert.Single(lines, l => l.Contains(" # {", StringComparison.Ordinal));
    }

    [Fact]
    public void Measurements_in_an_unsampled_trace_carry_no_exemplar()
    {
        using var meter = new Meter("OrreryTest.Unsampled");
        using var exporter = new PrometheusExporter("OrreryTest.Unsampled");
        var histogram = meter.CreateHistogram<double>("orrery_work_seconds", "s", "Work.");
        using (var activity = new Activity("unsampled").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            activity.ActivityTraceFlags = ActivityTraceFlags.None;
            histogram.Record(0.003);
        }

        Assert.DoesNotContain(" # {", exporter.Scrape(ExpositionFormat.OpenMetrics), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_metrics_route_answers_in_the_format_the_scraper_asks_for()
    {
        using var meter = new Meter("OrreryTest.Route");
        using var exporter = new PrometheusExporter("OrreryTest.Route");
        meter.CreateCounter<long>("orrery_things").Add(1);

        var openMetrics = await Serve(exporter, "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        var text = await Serve(exporter, "*/*");

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", openMetrics.ContentType);
        Assert.EndsWith("orrery_things_total 1\n# EOF\n", openMetrics.Body, StringComparison.Ordinal);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", text.ContentType);
        Assert.EndsWith("orrery_things_total 1\n", text.Body, StringComparison.Ordinal);
    }

    private static async Task<(string? ContentType, string Body)> Serve(PrometheusExporter exporter, string accept)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Accept = accept;
        using var body = new MemoryStream();
        context.Response.Body = body;
        await exporter.WriteAsync(context);
        return (context.Response.ContentType, Encoding.UTF8.GetString(body.ToArray()));
    }

    private static Activity StartSampledActivity()
    {
        var activity = new Activity("sampled").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        return activity;
    }
}
