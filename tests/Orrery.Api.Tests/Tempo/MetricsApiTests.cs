using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orrery.Api.Tempo;
using Orrery.Query.Tests.TraceQL.Metrics;
using static Orrery.Query.Tests.TraceQL.Metrics.MetricsFixture;

namespace Orrery.Api.Tests.Tempo;

/// <summary>The metrics endpoints through HTTP, over the metrics tests' hand-built traces.</summary>
public sealed class MetricsApiTests : IAsyncLifetime
{
    private const long TSeconds = T / S;
    private WebApplication? _app;
    private HttpClient? _client;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        TempoApi.Map(_app, new InMemoryTraceReader(All), multiTenant: true, "0.1.0");
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path, string? tenant = "team-a")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (tenant is not null) request.Headers.Add("X-Scope-OrgID", tenant);
        using var response = await _client!.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Q(string query) => Uri.EscapeDataString(query);

    [Fact]
    public async Task Query_range_answers_in_tempos_shape()
    {
        var (status, body) = await GetAsync($"/api/metrics/query_range?q={Q("{ resource.service.name = \"worker\" } | count_over_time()")}&start={TSeconds}&end={TSeconds + 30}&step=10s");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            $$$"""{"series":[{"labels":[{"key":"__name__","value":{"stringValue":"count_over_time"}}],"samples":[{"timestampMs":"{{{TMs}}}","value":0},{"timestampMs":"{{{TMs + 10_000}}}","value":0},{"timestampMs":"{{{TMs + 20_000}}}","value":1},{"timestampMs":"{{{TMs + 30_000}}}","value":0}],"promLabels":"{__name__=\"count_over_time\"}"}],"metrics":{"inspectedTraces":4,"inspectedBytes":"0","inspectedSpans":"7","totalJobs":1,"completedJobs":1}}""",
            body);
    }

    [Fact]
    public async Task Instant_query_has_one_typed_value_per_series()
    {
        var (status, body) = await GetAsync($"/api/metrics/query?q={Q("{ } | count_over_time() by (span.http.status_code)")}&start={TSeconds - 10}&end={TSeconds + 30}");

        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(body);
        var series = json.RootElement.GetProperty("series").EnumerateArray()
            .Select(s => (Label: s.GetProperty("labels")[0].GetProperty("value").GetRawText(), Value: s.GetProperty("value").GetDouble(), Prom: s.GetProperty("promLabels").GetString()))
            .ToArray();
        Assert.Equal(
            [
                ("""{"stringValue":"nil"}""", 4.0, "{span.http.status_code=\"<nil>\"}"),
                ("""{"intValue":"200"}""", 1.0, "{span.http.status_code=\"int(200)\"}"),
                ("""{"intValue":"500"}""", 2.0, "{span.http.status_code=\"int(500)\"}"),
            ],
            series);
    }

    [Theory]
    [InlineData("10", 4)]
    [InlineData("10s", 4)]
    [InlineData("5", 7)]
    [InlineData("0.5", 61)]
    public async Task Step_is_seconds_or_a_duration(string step, int samples)
    {
        // With start T and end T+30 s: a step of 5 s aligns to (T-5, T+30], seven intervals.
        var (status, body) = await GetAsync($"/api/metrics/query_range?q={Q("{ } | rate()")}&start={TSeconds}&end={TSeconds + 30}&step={step}");

        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(samples, json.RootElement.GetProperty("series")[0].GetProperty("samples").GetArrayLength());
    }

    [Fact]
    public async Task Start_and_end_may_be_nanoseconds_or_rfc3339()
    {
        var seconds = await GetAsync($"/api/metrics/query?q={Q("{ } | count_over_time()")}&start={TSeconds - 10}&end={TSeconds + 30}");
        var nanos = await GetAsync($"/api/metrics/query?q={Q("{ } | count_over_time()")}&start={T - (10 * S)}&end={T + (30 * S)}");
        var rfc3339 = await GetAsync($"/api/metrics/query?q={Q("{ } | count_over_time()")}&start=2023-11-14T22:13:10Z&end=2023-11-14T22:13:50Z");

        Assert.Contains("\"value\":7", seconds.Body, StringComparison.Ordinal);
        Assert.Equal(seconds, nanos);
        Assert.Equal(seconds, rfc3339);
    }

    [Theory]
    [InlineData("/api/metrics/query_range?start=1&end=2", "missing query")]
    [InlineData("/api/metrics/query_range?q=%7B%20%7D%20%7C%20rate(&start=1&end=2", "line 1")]
    [InlineData("/api/metrics/query_range?q=%7B%20%7D&start=1&end=2", "must end with a metrics function")]
    [InlineData("/api/metrics/query_range?q=%7B%20%7D%20%7C%20rate()&start=1&end=2&step=abc", "cannot parse \"abc\" to a valid duration")]
    [InlineData("/api/metrics/query_range?q=%7B%20%7D%20%7C%20rate()&start=1&end=2&step=-5", "step must be positive")]
    [InlineData("/api/metrics/query_range?q=%7B%20%7D%20%7C%20rate()&start=5&end=2", "end must be greater than start")]
    [InlineData("/api/metrics/query_range?q=%7B%20%7D%20%7C%20rate()&start=yesterday&end=2", "could not parse 'start'")]
    [InlineData("/api/metrics/query?q=%7B%20%7D%20%7C%20rate()&start=1&end=1", "end must be greater than start")]
    public async Task Bad_requests_are_400_with_the_reason(string path, string reason)
    {
        var (status, body) = await GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Multi_tenant_requires_the_tenant_header()
    {
        var (status, _) = await GetAsync($"/api/metrics/query?q={Q("{ } | rate()")}&start=1&end=2", tenant: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
