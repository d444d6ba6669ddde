using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using Orrery.EndToEnd.Tests.Support;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Storage;
using Orrery.Storage.Metrics;
using Orrery.Storage.Metrics.Embedded;
using MatchType = Orrery.Signals.Labels.MatchType;

namespace Orrery.EndToEnd.Tests;

/// <summary>
/// kill -9 in the middle of writing: every metric sample and log line whose write was
/// acknowledged is there after a restart (the trace counterpart is in <see cref="ProcessTests"/>).
/// </summary>
public class CrashTests
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_acknowledged_metric_sample_survives_kill_9()
    {
        using var data = new TempDirectory();
        var endpoints = NewEndpoints();
        // 130 points: every series has closed a chunk (120 samples), so the kill leaves chunks_head/ segments behind.
        const int Series = 40, Points = 130;
        var start = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds();
        using (var first = OrreryProcess.Serve(data.Path, endpoints))
        {
            await WaitReady(first, endpoints);
            for (var point = 0; point < Points; point++)
            {
                var body = GaugeExport(Series, start + point * 1000L, point).ToByteArray();
                using var response = await endpoints.PostOtlpAsync(endpoints.OtlpHttpMetrics, body, "application/x-protobuf");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"export {point}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            first.Kill();
        }
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data.Path, "metrics", Tenant.Default, "chunks_head")));

        // Replayed by a new process (leftover head chunk files deleted, the head rebuilt from the WAL): the series are served again…
        using (var second = OrreryProcess.Serve(data.Path, endpoints))
        {
            await WaitReady(second, endpoints);
            using var response = await endpoints.GetAsync("/api/v1/series?match[]=" + Uri.EscapeDataString("crash_gauge"));
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(Series, json.RootElement.GetProperty("data").GetArrayLength());
            Assert.Equal(0, await second.TerminateAsync(TimeSpan.FromSeconds(30)));
        }

        // …and every acknowledged sample is on disk with its value.
        await using var store = new EmbeddedMetricStore(new StorageOptions { DataDirectory = data.Path, RunBackgroundTasks = false });
        await store.StartAsync();
        var series = store.Select(Tenant.Default, [new LabelMatcher(MatchType.Equal, LabelSet.MetricName, "crash_gauge")], 0, long.MaxValue, 1000);
        Assert.Equal(Series, series.Count);
        foreach (var s in series)
        {
            var i = int.Parse(s.Labels.Get("i"), CultureInfo.InvariantCulture);
            var iterator = s.Iterator();
            var samples = new List<(long, double)>();
            while (iterator.Next() == SampleKind.Float) samples.Add((iterator.TimestampMs, iterator.Value));
            Assert.Equal(Enumerable.Range(0, Points).Select(p => (start + p * 1000L, (double)(i * 1000 + p))), samples);
        }
    }

    [Fact]
    public async Task Every_acknowledged_log_line_survives_kill_9()
    {
        using var data = new TempDirectory();
        var endpoints = NewEndpoints();
        const int Pushes = 40, Lines = 25;
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        using (var first = OrreryProcess.Serve(data.Path, endpoints))
        {
            await WaitReady(first, endpoints);
            for (var push = 0; push < Pushes; push++)
            {
                var values = Enumerable.Range(0, Lines).Select(l =>
                {
                    var ns = (start.ToUnixTimeMilliseconds() * 1_000_000L + (push * Lines + l) * 1_000_000L).ToString(CultureInfo.InvariantCulture);
                    return new[] { ns, $"line {push * Lines + l} of the crash test" };
                });
                var body = JsonSerializer.Serialize(new { streams = new[] { new { stream = new Dictionary<string, string> { ["job"] = "crash", ["pod"] = "p" + (push % 4) }, values } } });
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoints.Http, "/loki/api/v1/push"))
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                using var response = await endpoints.Client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"push {push}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            first.Kill();
        }

        using var second = OrreryProcess.Serve(data.Path, endpoints);
        await WaitReady(second, endpoints);
        var path = "/loki/api/v1/query_range?query=" + Uri.EscapeDataString("{job=\"crash\"}") + "&limit=5000&start="
            + start.AddMinutes(-1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "000000";
        using var answer = await endpoints.GetAsync(path);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, text);
        using var json = JsonDocument.Parse(text);
        var lines = json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .SelectMany(s => s.GetProperty("values").EnumerateArray().Select(v => v[1].GetString()!))
            .ToHashSet();
        Assert.Equal(Enumerable.Range(0, Pushes * Lines).Select(n => $"line {n} of the crash test").ToHashSet(), lines);
    }

    private static ExportMetricsServiceRequest GaugeExport(int series, long timestampMs, int point)
    {
        var gauge = new Gauge();
        for (var i = 0; i < series; i++)
        {
            var p = new NumberDataPoint { TimeUnixNano = (ulong)timestampMs * 1_000_000UL, AsDouble = i * 1000 + point };
            p.Attributes.Add(new KeyValue { Key = "i", Value = new AnyValue { StringValue = i.ToString(CultureInfo.InvariantCulture) } });
            gauge.DataPoints.Add(p);
        }
        var resource = new Resource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "crash-svc" } });
        return new ExportMetricsServiceRequest
        {
            ResourceMetrics =
            {
                new ResourceMetrics
                {
                    Resource = resource,
                    ScopeMetrics = { new ScopeMetrics { Metrics = { new Metric { Name = "crash.gauge", Gauge = gauge } } } },
                },
            },
        };
    }

    private static OrreryEndpoints NewEndpoints()
    {
        var ports = FreePorts.Take(3);
        return new OrreryEndpoints(ports[0], ports[1], ports[2]);
    }

    private static async Task WaitReady(OrreryProcess process, OrreryEndpoints endpoints)
    {
        try
        {
            await endpoints.WaitReadyAsync(StartupTimeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\n" + process.Output, e);
        }
    }
}
