using System.Net;
using System.Text.Json;
using Orrery.Signals;
using Orrery.Ui.Tests.Support;

namespace Orrery.Ui.Tests.Assets;

public class UiEndpointsTests
{
    private static readonly TraceId TraceA = new(1, 0xA);
    private static readonly TraceId TraceB = new(1, 0xB);

    private static FakeTraceReader Traces() => new FakeTraceReader()
        .Add(TraceA, (1, 0, "frontend", "GET /", 0, 100), (2, 1, "db", "SELECT", 10, 30))
        .Add(TraceB, (1, 0, "frontend", "GET /", 0, 150), (2, 1, "db", "SELECT", 10, 90), (3, 1, "cache", "get", 95, 99));

    [Fact]
    public void Map_refuses_missing_backends() =>
        Assert.Throws<ArgumentNullException>(() => UiEndpoints.Map(null!, null!));

    [Theory]
    [InlineData("/")]
    [InlineData("/search")]
    [InlineData("/critical-path")]
    [InlineData("/trace/0af7651916cd43dd8448eb211c80319c")]
    [InlineData("/map")]
    [InlineData("/logs")]
    [InlineData("/explore")]
    public async Task Every_page_path_answers_the_shell_with_a_script_only_from_self_policy(string path)
    {
        await using var server = await UiTestServer.StartAsync(Traces());
        using var response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script type=\"module\" src=\"/ui/js/app.js\"></script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shell_preloads_every_module_and_each_preload_is_served()
    {
        await using var server = await UiTestServer.StartAsync(Traces());
        var html = await server.Client.GetStringAsync("/");
        var preloaded = System.Text.RegularExpressions.Regex
            .Matches(html, "<link rel=\"modulepreload\" href=\"(/ui/js/[^\"]+)\">")
            .Select(match => match.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);

        var wwwroot = Path.Combine(JsModuleTests.RepositoryRoot(), "src", "Orrery.Ui", "wwwroot");
        var modules = Directory.EnumerateFiles(Path.Combine(wwwroot, "js"), "*.js", SearchOption.AllDirectories)
            .Select(file => "/ui/" + Path.GetRelativePath(wwwroot, file).Replace('\\', '/'))
            .Where(path => path != "/ui/js/app.js")
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(modules.Order(), preloaded.Order());

        foreach (var path in preloaded)
        {
            using var response = await server.Client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_metrics_path_is_not_taken_by_the_ui()
    {
        await using var server = await UiTestServer.StartAsync(Traces());
        using var response = await server.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/ui/js/app.js", "text/javascript")]
    [InlineData("/ui/js/core/url-state.js", "text/javascript")]
    [InlineData("/ui/js/pages/trace.js", "text/javascript")]
    [InlineData("/ui/css/orrery.css", "text/css")]
    public async Task Assets_are_served_with_their_type_and_revalidate_to_304_by_etag(string path, string mediaType)
    {
        await using var server = await UiTestServer.StartAsync(Traces());
        using var first = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(mediaType, first.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        using var second = await server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, path);
        stale.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"other\""));
        using var third = await server.Client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Theory]
    [InlineData("/ui/nope.js")]
    [InlineData("/ui/../UiEndpoints.cs")]
    [InlineData("/ui/")]
    public async Task Unknown_assets_are_404(string path)
    {
        await using var server = await UiTestServer.StartAsync(Traces());
        using var response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Analysis_answers_the_critical_path_and_statistics_in_offsets_from_the_trace_start()
    {
        await using var server = await UiTestServer.StartAsync(Traces());
        using var doc = JsonDocument.Parse(await server.Client.GetStringAsync($"/api/ui/traces/{TraceA.ToHex()}/analysis"));
        var root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("spanCount").GetInt32());
        Assert.Equal("0000000000000001", root.GetProperty("rootSpanId").GetString());
        Assert.Equal(100_000_000, root.GetProperty("durationNanos").GetInt64());
        var path = root.GetProperty("criticalPath").EnumerateArray()
            .Select(s => (s.GetProperty("spanId").GetString(), s.GetProperty("startNanos").GetInt64(), s.GetProperty("endNanos").GetInt64())).ToList();
        Assert.Equal([("0000000000000001", 0L, 10_000_000L), ("0000000000000002", 10_000_000L, 30_000_000L), ("0000000000000001", 30_000_000L, 100_000_000L)], path);
        var ops = root.GetProperty("operations").EnumerateArray().ToList();
        Assert.Equal("GET /", ops[0].GetProperty("name").GetString());
        Assert.Equal(80_000_000, ops[0].GetProperty("selfNanos").GetInt64());
        Assert.Equal(["frontend", "db"], root.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("service").GetString()));
    }

    [Fact]
    public async Task Diff_answers_matched_and_unmatched_spans()
    {
        await using var server = await UiTestServer.StartAsync(Traces());
        using var doc = JsonDocument.Parse(await server.Client.GetStringAsync($"/api/ui/traces/{TraceA.ToHex()}/diff/{TraceB.ToHex()}"));
        var root = doc.RootElement;
        Assert.Equal(0, root.GetProperty("onlyInACount").GetInt32());
        Assert.Equal("get", root.GetProperty("onlyInB")[0].GetProperty("name").GetString());
        var top = root.GetProperty("matched")[0];
        Assert.Equal("SELECT", top.GetProperty("name").GetString());
        Assert.Equal("GET /", top.GetProperty("path").GetString());
        Assert.Equal(60_000_000, top.GetProperty("deltaNanos").GetInt64());
    }

    [Theory]
    [InlineData("/api/ui/traces/zz/analysis", HttpStatusCode.BadRequest)]
    [InlineData("/api/ui/traces/00000000000000000000000000000fff/analysis", HttpStatusCode.NotFound)]
    [InlineData("/api/ui/traces/1/analysis?start=10&end=5", HttpStatusCode.BadRequest)]
    [InlineData("/api/ui/traces/1/analysis?start=soon", HttpStatusCode.BadRequest)]
    [InlineData("/api/ui/critical-path?q=%7B%20.a%20%3D", HttpStatusCode.BadRequest)]
    [InlineData("/api/ui/critical-path?limit=0", HttpStatusCode.BadRequest)]
    public async Task Bad_requests_get_a_json_error(string path, HttpStatusCode status)
    {
        await using var server = await UiTestServer.StartAsync(Traces());
        using var response = await server.Client.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Multi_tenant_analysis_requires_the_org_header()
    {
        await using var server = await UiTestServer.StartAsync(Traces(), multiTenant: true);
        using var response = await server.Client.GetAsync($"/api/ui/traces/{TraceA.ToHex()}/analysis");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
