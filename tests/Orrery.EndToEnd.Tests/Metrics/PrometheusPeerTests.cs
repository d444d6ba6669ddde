using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Orrery.EndToEnd.Tests.Support;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;
using MatchType = Orrery.Signals.Labels.MatchType;

namespace Orrery.EndToEnd.Tests.Metrics;

/// <summary>
/// A real Prometheus 2.42 beside Orrery: it scrapes Orrery's /metrics (OpenMetrics, with
/// exemplars) and itself, and remote-writes everything into Orrery; Orrery scrapes Prometheus's
/// /metrics too. Afterwards both stores must hold the same series and the same samples.
/// </summary>
public sealed class PrometheusPeerTests : IAsyncLifetime
{
    private InProcessOrrery _orrery = null!;
    private PrometheusProcess _prometheus = null!;

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(4);
        var (orreryHttp, prometheusPort) = (ports[0], ports[3]);
        _orrery = await InProcessOrrery.StartAsync(ports: ports[..3], configYaml: $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: prometheus-direct
                static_configs:
                  - targets: ["127.0.0.1:{prometheusPort}"]
            """);
        _prometheus = await PrometheusProcess.StartAsync(prometheusPort, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: orrery
                static_configs:
                  - targets: ["127.0.0.1:{orreryHttp}"]
              - job_name: prometheus
                static_configs:
                  - targets: ["127.0.0.1:{prometheusPort}"]
            remote_write:
              - url: http://127.0.0.1:{orreryHttp}/api/v1/write
                send_exemplars: true
                queue_config:
                  batch_send_deadline: 1s
            """, "--enable-feature=exemplar-storage");
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        await _orrery.DisposeAsync();
    }

    [Fact]
    public async Task Series_labels_and_samples_written_by_prometheus_match_what_prometheus_stores()
    {
        var endpoints = _orrery.Endpoints;
        // Some traffic, so Orrery's request-duration histogram has buckets with exemplars to scrape.
        for (var i = 0; i < 20; i++) (await endpoints.GetAsync("/api/v1/labels")).Dispose();

        // Wait until both targets were scraped a few times and the remote write caught up.
        var t0 = await WaitAsync(async () =>
        {
            var up = await _prometheus.ApiAsync("/api/v1/query?query=" + Uri.EscapeDataString("count_over_time(up[1m]) >= 5"));
            if (up.GetProperty("result").GetArrayLength() < 2) return (long?)null;
            var now = DateTimeOffset.UtcNow.AddSeconds(-3).ToUnixTimeMilliseconds();
            return LatestTimestamp("up", "orrery") >= now && LatestTimestamp("up", "prometheus") >= now ? now : null;
        });

        foreach (var job in (string[])["orrery", "prometheus"])
        {
            var selector = $"{{job=\"{job}\"}}";
            var start = (t0 - 20_000) / 1000.0;
            var end = t0 / 1000.0;
            var query = $"?match[]={Uri.EscapeDataString(selector)}&start={Seconds(start)}&end={Seconds(end)}";

            var prometheusSeries = SeriesSet(await _prometheus.ApiAsync("/api/v1/series" + query));
            var orrerySeries = SeriesSet(await OrreryApiAsync("/api/v1/series" + query));
            Assert.NotEmpty(prometheusSeries);
            var missing = prometheusSeries.Except(orrerySeries).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} of {prometheusSeries.Count} {job} series missing in Orrery, e.g. {string.Join(" ", missing.Take(3))}");

            // Prometheus 2.42's /api/v1/labels answers from the whole head whatever the range, so a
            // series first scraped after t0 shows there and not in Orrery, which honours the range.
            // Compare label names through the series both hold in the range instead.
            var orreryLabels = Strings(await OrreryApiAsync("/api/v1/labels" + query));
            Assert.Equal(LabelNames(orrerySeries), orreryLabels);
            Assert.Subset(orreryLabels.ToHashSet(), LabelNames(prometheusSeries).ToHashSet());

            // Raw samples: a range selector in Prometheus, the TSDB's iterator in Orrery.
            var matrix = await _prometheus.ApiAsync($"/api/v1/query?query={Uri.EscapeDataString(selector + "[20s]")}&time={Seconds(end)}");
            var compared = 0;
            foreach (var series in matrix.GetProperty("result").EnumerateArray())
            {
                var labels = ToLabelSet(series.GetProperty("metric"));
                var expected = series.GetProperty("values").EnumerateArray()
                    .Select(v => ((long)Math.Round(v[0].GetDouble() * 1000), ParseValue(v[1].GetString()!)))
                    .Where(s => s.Item1 > t0 - 20_000)
                    .ToList();
                // A range selector leaves stale markers out; the TSDB's iterator keeps them (both
                // stores hold them: Prometheus writes them when a series leaves a scrape).
                var actual = Samples(labels, t0 - 20_000 + 1, t0).Where(s => !StaleMarker.Is(s.Value)).ToList();
                Assert.True(expected.SequenceEqual(actual), $"{labels}: prometheus [{string.Join(", ", expected)}] orrery [{string.Join(", ", actual)}]");
                compared++;
            }
            Assert.True(compared > 10, $"only {compared} {job} series compared");
        }

        // Orrery's own scrape of Prometheus worked too.
        Assert.Equal(1.0, Samples(LabelSet.From(("__name__", "up"), ("instance", $"127.0.0.1:{_prometheus.Port}"), ("job", "prometheus-direct")), 0, long.MaxValue).Last().Value);

        // Exemplars: Prometheus scraped them from Orrery's OpenMetrics and sent them back with remote write.
        var exemplarQuery = "/api/v1/query_exemplars?query=" + Uri.EscapeDataString("orrery_http_request_duration_seconds_bucket{job=\"orrery\"}")
            + $"&start={Seconds((t0 - 600_000) / 1000.0)}&end={Seconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60)}";
        var prometheusTraces = TraceIds(await _prometheus.ApiAsync(exemplarQuery));
        Assert.NotEmpty(prometheusTraces);
        var orreryTraces = await WaitAsync(async () =>
        {
            var ids = TraceIds(await OrreryApiAsync(exemplarQuery));
            return ids.Overlaps(prometheusTraces) ? ids : null;
        });
        Assert.NotEmpty(orreryTraces);
    }

    private long LatestTimestamp(string name, string job)
    {
        var series = _orrery.Metrics.Select(Tenant.Default, [new(MatchType.Equal, "__name__", name), new(MatchType.Equal, "job", job)], 0, long.MaxValue, 10);
        if (series.Count == 0) return long.MinValue;
        var iterator = series[0].Iterator();
        var last = long.MinValue;
        while (iterator.Next() != SampleKind.None) last = iterator.TimestampMs;
        return last;
    }

    private List<(long TimestampMs, double Value)> Samples(LabelSet labels, long minTimeMs, long maxTimeMs)
    {
        var matchers = labels.AsSpan().ToArray().Select(l => new LabelMatcher(MatchType.Equal, l.Name, l.Value)).ToList();
        var series = _orrery.Metrics.Select(Tenant.Default, matchers, minTimeMs, maxTimeMs, 10).Where(s => s.Labels.Equals(labels)).ToList();
        var samples = new List<(long, double)>();
        if (series.Count == 0) return samples;
        var iterator = Assert.Single(series).Iterator();
        while (iterator.Next() == SampleKind.Float)
        {
            if (iterator.TimestampMs < minTimeMs || iterator.TimestampMs > maxTimeMs) continue;
            samples.Add((iterator.TimestampMs, iterator.Value));
        }
        return samples;
    }

    /// <summary>Prometheus prints values in their shortest round-trip form, so parsing gives back the exact double.</summary>
    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    private async Task<JsonElement> OrreryApiAsync(string path)
    {
        using var response = await _orrery.Endpoints.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"orrery {path}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").Clone();
    }

    private static HashSet<LabelSet> SeriesSet(JsonElement data) => data.EnumerateArray().Select(ToLabelSet).ToHashSet();

    private static LabelSet ToLabelSet(JsonElement labels) =>
        LabelSet.From(labels.EnumerateObject().Select(p => new Label(p.Name, p.Value.GetString()!)));

    private static List<string> LabelNames(IEnumerable<LabelSet> series) =>
        series.SelectMany(s => s.AsSpan().ToArray().Select(l => l.Name)).Distinct().Order(StringComparer.Ordinal).ToList();

    private static List<string> Strings(JsonElement data) => data.EnumerateArray().Select(e => e.GetString()!).ToList();

    private static HashSet<string> TraceIds(JsonElement data) => data.ValueKind != JsonValueKind.Array
        ? []
        : data.EnumerateArray()
            .SelectMany(s => s.GetProperty("exemplars").EnumerateArray())
            .Select(e => e.GetProperty("labels").TryGetProperty("trace_id", out var id) ? id.GetString()! : string.Empty)
            .Where(id => id.Length > 0)
            .ToHashSet();

    private static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static async Task<long> WaitAsync(Func<Task<long?>> probe) =>
        (await WaitAsync(async () => await probe() is { } value ? new StrongBox<long>(value) : null)).Value;

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = await probe();
            if (value is not null) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met within 60 s");
            await Task.Delay(250);
        }
    }
}
