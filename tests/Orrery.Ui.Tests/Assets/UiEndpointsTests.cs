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

    [Theory]
    [InlineData("/", "overview")]
    [InlineData("/search", "search")]
    [InlineData("/critical-path", "critical-path")]
    [InlineData("/trace/0af7651916cd43dd8448eb211c80319c", "trace")]
    [InlineData("/map", "map")]
    [InlineData("/logs", "logs")]
    [InlineData("/explore", "explore")]
    public async Task Each_page_preloads_its_own_modules_and_no_other_page_and_each_preload_is_served(string path, string page)
    {
        await using var server = await UiTestServer.StartAsync(Traces());
        var html = await server.Client.GetStringAsync(path);
        var preloaded = Preloads(html);
        Assert.Contains($"/ui/js/pages/{page}.js", preloaded);
        // app.js's own imports: the shell's parts every page needs.
        Assert.Superset(new HashSet<string>(["/ui/js/core/dom.js", "/ui/js/core/router.js", "/ui/js/core/url-state.js", "/ui/js/core/time-picker.js"]), preloaded.ToHashSet());
        string[] pages = ["overview", "search", "critical-path", "trace", "map", "logs", "explore"];
        Assert.Empty(pages.Where(p => p != page).Select(p => $"/ui/js/pages/{p}.js").Intersect(preloaded));
        Assert.DoesNotContain("/ui/js/app.js", preloaded);
        Assert.Equal(preloaded.Count, preloaded.Distinct().Count());

        foreach (var module in preloaded)
        {
            using var response = await server.Client.GetAsync(module);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{module}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_trace_page_preloads_its_modules_and_nothing_else_it_does_not_run()
    {
        await using var server = await UiTestServer.StartAsync(Traces());
        var preloaded = Preloads(await server.Client.GetStringAsync("/trace/1"));
        Assert.Superset(new HashSet<string>(["/ui/js/trace/compact-model.js", "/ui/js/trace/waterfall.js", "/ui/js/core/api.js", "/ui/js/trace/logs-panel.js"]), preloaded.ToHashSet());
        Assert.DoesNotContain("/ui/js/pages/query-editor.js", preloaded);
    }

    [Theory]
    [InlineData("/trace/0af7651916cd43dd8448eb211c80319c", "/api/ui/traces/0af7651916cd43dd8448eb211c80319c")]
    [InlineData("/trace/0AF7651916CD43DD8448EB211C80319C", "/api/ui/traces/0af7651916cd43dd8448eb211c80319c")]
    [InlineData("/trace/a?from=now-1h&to=now&span=0000000000000001", "/api/ui/traces/a")]
    public async Task The_trace_shell_preloads_the_url_the_page_fetches(string path, string data)
    {
        await using var server = await UiTestServer.StartAsync(Traces());
        using var response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var links = System.Text.RegularExpressions.Regex.Matches(html, "<link rel=\"preload\" as=\"fetch\" crossorigin href=\"([^\"]*)\">");
        Assert.Equal(data, Assert.Single(links).Groups[1].Value);
        // Before the stylesheets and the app: its request is the first the browser sends.
        Assert.True(html.IndexOf("rel=\"preload\"", StringComparison.Ordinal) < html.IndexOf("rel=\"stylesheet\"", StringComparison.Ordinal));
        Assert.Equal(response.Content.Headers.ContentLength, System.Text.Encoding.UTF8.GetByteCount(html));
        Assert.Contains("script-src 'self'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/trace/%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("/trace/%22%3E%3Cimg%20src%3Dx%3E")]
    [InlineData("/trace/0af7651916cd43dd8448eb211c80319cf")]
    [InlineData("/trace/not-hex")]
    public async Task A_trace_path_that_is_no_trace_id_is_404_with_the_plain_shell_and_nothing_of_the_id_in_it(string path)
    {
        await using var server = await UiTestServer.StartAsync(Traces());
        using var response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script type=\"module\" src=\"/ui/js/app.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"preload\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("not-hex", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_in_the_url_or_a_multi_tenant_server_gets_no_data_preload_which_could_not_carry_its_header()
    {
        await using (var single = await UiTestServer.StartAsync(Traces()))
            Assert.DoesNotContain("rel=\"preload\"", await single.Client.GetStringAsync("/trace/a?org=team-a"), StringComparison.Ordinal);
        await using var multi = await UiTestServer.StartAsync(Traces(), multiTenant: true);
        Assert.DoesNotContain("rel=\"preload\"", await multi.Client.GetStringAsync("/trace/a"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_of_the_trace_shell_has_the_length_of_its_get_and_no_body()
    {
        await using var server = await UiTestServer.StartAsync(Traces());
        var get = await server.Client.GetByteArrayAsync("/trace/abc");
        using var head = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/trace/abc"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    private static List<string> Preloads(string html) => System.Text.RegularExpressions.Regex
        .Matches(html, "<link rel=\"modulepreload\" href=\"(/ui/js/[^\"]+)\">")
        .Select(match => match.Groups[1].Value)
        .ToList();

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
