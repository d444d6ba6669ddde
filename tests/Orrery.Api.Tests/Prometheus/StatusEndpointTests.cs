using System.Net;
using System.Text.Json;
using Orrery.Api.Prometheus;
using Orrery.Signals.Labels;
using Orrery.Storage.Metrics;

namespace Orrery.Api.Tests.Prometheus;

public sealed class StatusEndpointTests
{
    private static readonly TargetsView Targets = new(
        [
            new ActiveTargetView(
                LabelSet.From(("__address__", "localhost:9100"), ("__scheme__", "http"), ("job", "node")),
                LabelSet.From(("instance", "localhost:9100"), ("job", "node")),
                "node", "http://localhost:9100/metrics", "", new DateTimeOffset(2017, 1, 17, 14, 7, 44, 723, TimeSpan.Zero),
                TimeSpan.FromMilliseconds(50.5), TargetHealth.Up, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(10)),
            new ActiveTargetView(
                LabelSet.From(("__address__", "db:9187"), ("job", "db")),
                LabelSet.From(("instance", "db:9187"), ("job", "db")),
                "db", "http://db:9187/metrics", "connection refused", null,
                TimeSpan.Zero, TargetHealth.Down, TimeSpan.FromDays(14), TimeSpan.FromSeconds(10)),
        ],
        [new DroppedTargetView(LabelSet.From(("__address__", "localhost:9999"), ("job", "node")))]);

    [Fact]
    public async Task Buildinfo_carries_the_version()
    {
        await using var server = await PrometheusTestServer.StartAsync(new FakeMetricReader());

        var (_, body) = await server.GetAsync("/api/v1/status/buildinfo");

        Assert.Equal("""{"status":"success","data":{"version":"0.1.0","revision":"","branch":"","buildUser":"","buildDate":"","goVersion":""}}""", body);
    }

    [Fact]
    public async Task Tsdb_status_is_the_cardinality_view_in_prometheus_names()
    {
        var reader = new FakeMetricReader
        {
            Tsdb = new TsdbStatus(508, 1200, 937, 1_591_516_800_000, 1_598_896_800_143,
                [new("net_conntrack_dialer_conn_failed_total", 20)],
                [new("__name__", 211)],
                [new("__name__", 8266)],
                [new("job=prometheus", 425)]),
        };
        await using var server = await PrometheusTestServer.StartAsync(reader);

        var (_, body) = await server.GetAsync("/api/v1/status/tsdb?limit=3");

        Assert.Equal(
            """{"status":"success","data":{"headStats":{"numSeries":508,"numLabelPairs":1200,"chunkCount":937,"minTime":1591516800000,"maxTime":1598896800143},"seriesCountByMetricName":[{"name":"net_conntrack_dialer_conn_failed_total","value":20}],"labelValueCountByLabelName":[{"name":"__name__","value":211}],"memoryInBytesByLabelName":[{"name":"__name__","value":8266}],"seriesCountByLabelValuePair":[{"name":"job=prometheus","value":425}]}}""",
            body);
        Assert.Equal(3, reader.LastLimit);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("x")]
    public async Task Tsdb_status_refuses_a_limit_below_one(string limit)
    {
        await using var server = await PrometheusTestServer.StartAsync(new FakeMetricReader());

        var (status, body) = await server.GetAsync("/api/v1/status/tsdb?limit=" + limit);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("""{"status":"error","errorType":"bad_data","error":"limit must be a positive number"}""", body);
    }

    [Fact]
    public async Task Targets_are_written_as_prometheus_writes_them()
    {
        await using var server = await PrometheusTestServer.StartAsync(new FakeMetricReader(), targets: () => Targets);

        var (_, body) = await server.GetAsync("/api/v1/targets");

        Assert.Equal(
            """{"status":"success","data":{"activeTargets":[{"discoveredLabels":{"__address__":"localhost:9100","__scheme__":"http","job":"node"},"labels":{"instance":"localhost:9100","job":"node"},"scrapePool":"node","scrapeUrl":"http://localhost:9100/metrics","globalUrl":"http://localhost:9100/metrics","lastError":"","lastScrape":"2017-01-17T14:07:44.723Z","lastScrapeDuration":0.0505,"health":"up","scrapeInterval":"1m30s","scrapeTimeout":"10s"},{"discoveredLabels":{"__address__":"db:9187","job":"db"},"labels":{"instance":"db:9187","job":"db"},"scrapePool":"db","scrapeUrl":"http://db:9187/metrics","globalUrl":"http://db:9187/metrics","lastError":"connection refused","lastScrape":"0001-01-01T00:00:00Z","lastScrapeDuration":0,"health":"down","scrapeInterval":"2w","scrapeTimeout":"10s"}],"droppedTargets":[{"discoveredLabels":{"__address__":"localhost:9999","job":"node"}}]}}""",
            body);
    }

    [Theory]
    [InlineData("state=active", 2, 0)]
    [InlineData("state=dropped", 0, 1)]
    [InlineData("state=any", 2, 1)]
    [InlineData("scrapePool=node", 1, 1)]
    [InlineData("scrapePool=db", 1, 0)]
    public async Task Targets_filter_by_state_and_pool(string query, int active, int dropped)
    {
        await using var server = await PrometheusTestServer.StartAsync(new FakeMetricReader(), targets: () => Targets);

        var (_, body) = await server.GetAsync("/api/v1/targets?" + query);

        var data = JsonDocument.Parse(body).RootElement.GetProperty("data");
        Assert.Equal(active, data.GetProperty("activeTargets").GetArrayLength());
        Assert.Equal(dropped, data.GetProperty("droppedTargets").GetArrayLength());
    }

    [Fact]
    public async Task Targets_without_a_scraper_are_empty_lists()
    {
        await using var server = await PrometheusTestServer.StartAsync(new FakeMetricReader());

        var (_, body) = await server.GetAsync("/api/v1/targets");

        Assert.Equal("""{"status":"success","data":{"activeTargets":[],"droppedTargets":[]}}""", body);
    }

    [Fact]
    public async Task Config_flags_and_runtimeinfo_answer_in_their_shapes()
    {
        await using var server = await PrometheusTestServer.StartAsync(new FakeMetricReader());

        var config = await server.GetAsync("/api/v1/status/config");
        var flags = await server.GetAsync("/api/v1/status/flags");
        var runtime = await server.GetAsync("/api/v1/status/runtimeinfo");

        Assert.Equal("""{"status":"success","data":{"yaml":""}}""", config.Body);
        Assert.Equal("""{"status":"success","data":{}}""", flags.Body);
        var data = JsonDocument.Parse(runtime.Body).RootElement.GetProperty("data");
        Assert.Equal(
            ["startTime", "CWD", "reloadConfigSuccess", "lastConfigTime", "corruptionCount", "goroutineCount", "GOMAXPROCS", "GOGC", "GODEBUG", "storageRetention"],
            data.EnumerateObject().Select(p => p.Name));
        Assert.True(DateTimeOffset.TryParse(data.GetProperty("startTime").GetString(), out _));
    }

    [Fact]
    public async Task Multi_tenant_reads_need_an_org_id_and_see_only_their_tenant()
    {
        var reader = new FakeMetricReader()
            .AddSeries("team-a", LabelSet.From(("__name__", "up"), ("job", "a")))
            .AddSeries("team-b", LabelSet.From(("__name__", "up"), ("job", "b")));
        await using var server = await PrometheusTestServer.StartAsync(reader, multiTenant: true);

        var missing = await server.GetAsync("/api/v1/series?match[]=up");
        var teamA = await server.GetAsync("/api/v1/series?match[]=up", tenant: "team-a");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal("""{"status":"error","errorType":"bad_data","error":"no org id"}""", missing.Body);
        Assert.Equal("""{"status":"success","data":[{"__name__":"up","job":"a"}]}""", teamA.Body);
    }

    [Fact]
    public async Task A_store_still_replaying_is_unavailable()
    {
        await using var server = await PrometheusTestServer.StartAsync(new NotReadyMetricStore());

        var (status, body) = await server.GetAsync("/api/v1/labels");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("""{"status":"error","errorType":"unavailable","error":"TSDB not ready"}""", body);
    }
}
