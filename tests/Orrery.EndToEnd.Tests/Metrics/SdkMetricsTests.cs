using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orrery.EndToEnd.Tests.Support;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Storage.Metrics;
using MatchType = Orrery.Signals.Labels.MatchType;

namespace Orrery.EndToEnd.Tests.Metrics;

/// <summary>
/// Metrics recorded with the real OpenTelemetry .NET SDK and exported over OTLP arrive as the
/// Prometheus series the compatibility specification names, with their values, metadata and
/// trace-based exemplars.
/// </summary>
[Collection(SharedOrreryCollection.Name)]
public class SdkMetricsTests(SharedOrrery orrery)
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Every_instrument_arrives_as_prometheus_series_with_values_and_exemplars(OtlpExportProtocol protocol)
    {
        var endpoints = orrery.Endpoints;
        var service = $"met-{protocol.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..24];
        var meterName = "orrery.e2e.metrics." + service;
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        ActivityTraceId exemplarTrace;

        using var exporterErrors = new OtlpExporterErrors();
        using (var source = new ActivitySource("orrery.e2e.metrics"))
        using (var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "orrery.e2e.metrics",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        })
        using (var meter = new Meter(meterName, "1.0"))
        {
            ActivitySource.AddActivityListener(listener);
            using var provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(meterName)
                .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service, serviceInstanceId: "i-1").AddAttributes(new Dictionary<string, object> { ["deployment.environment"] = "e2e" }))
                .SetExemplarFilter(ExemplarFilterType.TraceBased)
                .AddView("e2e.payload", new Base2ExponentialBucketHistogramConfiguration { MaxSize = 40 })
                .AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Protocol = protocol;
                    exporter.Endpoint = protocol == OtlpExportProtocol.Grpc ? endpoints.Grpc : endpoints.OtlpHttpMetrics;
                    // Export only when flushed below, so each test sees exactly one export.
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000;
                })
                .Build();

            var requests = meter.CreateCounter<long>("e2e.requests", "{request}");
            var queue = meter.CreateUpDownCounter<long>("e2e.queue.depth");
            var latency = meter.CreateHistogram<double>("e2e.latency", "s");
            var payload = meter.CreateHistogram<double>("e2e.payload", "By");
            meter.CreateObservableGauge("e2e.cache.hit", () => 0.75, "1");

            requests.Add(2, new KeyValuePair<string, object?>("route", "/a"));
            requests.Add(3, new KeyValuePair<string, object?>("route", "/a"));
            queue.Add(5);
            queue.Add(-2);
            using (var activity = source.StartActivity("slow request")!)
            {
                exemplarTrace = activity.TraceId;
                latency.Record(0.2);
                latency.Record(1.5);
                latency.Record(0.01);
                latency.Record(7);
            }
            payload.Record(100);
            payload.Record(1000);
            payload.Record(10_000);
            Assert.True(provider.ForceFlush(20_000));
        }
        Assert.True(exporterErrors.Messages.Count == 0, exporterErrors.Describe());

        var names = await SeriesNames(endpoints, $"{{job=\"{service}\"}}", started);
        Assert.Contains("e2e_requests_total", names);
        Assert.Contains("e2e_queue_depth", names);
        Assert.Contains("e2e_latency_seconds_bucket", names);
        Assert.Contains("e2e_latency_seconds_sum", names);
        Assert.Contains("e2e_latency_seconds_count", names);
        Assert.Contains("e2e_payload_bytes", names);
        Assert.Contains("e2e_cache_hit_ratio", names);
        Assert.Contains("target_info", names);

        var reader = orrery.Server.Metrics;
        Assert.Equal(1, LastValue(reader, service, "target_info", ("deployment_environment", "e2e")));
        Assert.Equal(5, LastValue(reader, service, "e2e_requests_total", ("route", "/a"), ("instance", "i-1")));
        Assert.Equal(3, LastValue(reader, service, "e2e_queue_depth"));
        Assert.Equal(0.75, LastValue(reader, service, "e2e_cache_hit_ratio"));
        Assert.Equal(4, LastValue(reader, service, "e2e_latency_seconds_count"));
        Assert.Equal(8.71, LastValue(reader, service, "e2e_latency_seconds_sum"), 9);
        Assert.Equal(4, LastValue(reader, service, "e2e_latency_seconds_bucket", ("le", "+Inf")));
        var native = LastHistogram(reader, service, "e2e_payload_bytes");
        Assert.Equal(3, native.Count);
        Assert.Equal(11_100, native.Sum, 9);
        Assert.Equal(3, native.PositiveBuckets.Sum());

        using var metadata = await Api(endpoints, "/api/v1/metadata?metric=e2e_requests_total");
        Assert.Equal("counter", metadata.RootElement.GetProperty("data").GetProperty("e2e_requests_total")[0].GetProperty("type").GetString());

        using var exemplars = await Api(endpoints, "/api/v1/query_exemplars?query=" + Uri.EscapeDataString($"e2e_latency_seconds_bucket{{job=\"{service}\"}}")
            + "&start=" + started.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
            + "&end=" + DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var traceIds = exemplars.RootElement.GetProperty("data").EnumerateArray()
            .SelectMany(s => s.GetProperty("exemplars").EnumerateArray())
            .Select(e => e.GetProperty("labels").GetProperty("trace_id").GetString())
            .ToList();
        Assert.NotEmpty(traceIds);
        Assert.All(traceIds, id => Assert.Equal(exemplarTrace.ToHexString(), id));
    }

    private static double LastValue(IMetricReader reader, string job, string name, params (string Name, string Value)[] labels)
    {
        var iterator = SelectOne(reader, job, name, labels).Iterator();
        double last = double.NaN;
        while (iterator.Next() == SampleKind.Float) last = iterator.Value;
        return last;
    }

    private static Signals.Metrics.NativeHistogram LastHistogram(IMetricReader reader, string job, string name)
    {
        var iterator = SelectOne(reader, job, name, []).Iterator();
        Signals.Metrics.NativeHistogram? last = null;
        while (iterator.Next() == SampleKind.Histogram) last = iterator.Histogram().Clone();
        return last ?? throw new Xunit.Sdk.XunitException($"{name} has no histogram samples");
    }

    private static StoredSeries SelectOne(IMetricReader reader, string job, string name, (string Name, string Value)[] labels)
    {
        var matchers = new List<LabelMatcher> { new(MatchType.Equal, LabelSet.MetricName, name), new(MatchType.Equal, "job", job) };
        matchers.AddRange(labels.Select(l => new LabelMatcher(MatchType.Equal, l.Name, l.Value)));
        var series = reader.Select(Tenant.Default, matchers, 0, long.MaxValue, 100);
        return Assert.Single(series);
    }

    private static async Task<HashSet<string>> SeriesNames(OrreryEndpoints endpoints, string selector, DateTimeOffset start)
    {
        using var json = await Api(endpoints, "/api/v1/series?match[]=" + Uri.EscapeDataString(selector) + "&start=" + start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return json.RootElement.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("__name__").GetString()!).ToHashSet();
    }

    private static async Task<JsonDocument> Api(OrreryEndpoints endpoints, string path)
    {
        using var response = await endpoints.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }
}
