using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Orrery.Api.Loki;
using Orrery.Query.Tests.LogQL;
using Orrery.Signals.Labels;

namespace Orrery.Api.Tests.Loki;

/// <summary>The Loki API over an in-memory reader, through a test server: exact JSON shapes as Grafana reads them.</summary>
public sealed class LokiApiTests : IAsyncLifetime
{
    private const long S = 1_000_000_000;
    private const string TraceA = "0af7651916cd43dd8448eb211c80319c";
    private static readonly LabelSet Api = LabelSet.From(("app", "api"), ("env", "prod"));
    private static readonly LabelSet Web = LabelSet.From(("app", "web"), ("env", "prod"));

    private readonly InMemoryLogReader _reader = new InMemoryLogReader()
        .Add(Api, 10 * S, "level=info msg=started")
        .Add(Api, 20 * S, "level=error msg=boom")
        .Add(Api, 30 * S, "level=info msg=done")
        .Add(Web, 15 * S, """{"status":200}""", ("trace_id", TraceA))
        .AddTo("acme", LabelSet.From(("app", "acme")), 10 * S, "tenant line");

    private WebApplication? _app;
    private WebApplication? _multiTenantApp;
    private HttpClient _client = null!;
    private HttpClient _tenantClient = null!;

    public async Task InitializeAsync()
    {
        (_app, _client) = await StartAsync(multiTenant: false);
        (_multiTenantApp, _tenantClient) = await StartAsync(multiTenant: true);
    }

    private async Task<(WebApplication, HttpClient)> StartAsync(bool multiTenant)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        LokiApi.Map(app, _reader, multiTenant, clock: new FixedClock(DateTimeOffset.UnixEpoch.AddSeconds(100)), tailPollInterval: TimeSpan.FromMilliseconds(20));
        await app.StartAsync();
        return (app, app.GetTestClient());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _tenantClient.Dispose();
        await _app!.DisposeAsync();
        await _multiTenantApp!.DisposeAsync();
    }

    private static string Url(string path, params (string Key, string Value)[] query) =>
        path + "?" + string.Join("&", query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));

    private async Task<JsonElement> GetJson(string url, HttpClient? client = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        using var response = await (client ?? _client).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Raw(JsonElement element) => JsonSerializer.Serialize(element);

    [Fact]
    public async Task Query_range_returns_streams_with_nanosecond_string_timestamps()
    {
        var json = await GetJson(Url("/loki/api/v1/query_range", ("query", """{app="api"}"""), ("start", "0"), ("end", (40 * S).ToString()), ("limit", "2")));

        Assert.Equal("success", json.GetProperty("status").GetString());
        var data = json.GetProperty("data");
        Assert.Equal("streams", data.GetProperty("resultType").GetString());
        Assert.Equal("""[{"stream":{"app":"api","env":"prod"},"values":[["30000000000","level=info msg=done"],["20000000000","level=error msg=boom"]]}]""", Raw(data.GetProperty("result")));
        var summary = data.GetProperty("stats").GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("totalEntriesReturned").GetInt64());
        Assert.True(summary.GetProperty("totalLinesProcessed").GetInt64() >= 2);
    }

    [Fact]
    public async Task Query_range_forward_with_rfc3339_and_float_seconds()
    {
        var json = await GetJson(Url("/loki/api/v1/query_range", ("query", """{app="api"} | logfmt | level="info" """), ("start", "1970-01-01T00:00:05Z"), ("end", "35.5"), ("direction", "forward")));

        Assert.Equal(
            """[{"stream":{"app":"api","env":"prod","level":"info","msg":"started"},"values":[["10000000000","level=info msg=started"]]},{"stream":{"app":"api","env":"prod","level":"info","msg":"done"},"values":[["30000000000","level=info msg=done"]]}]""",
            Raw(json.GetProperty("data").GetProperty("result")));
    }

    [Fact]
    public async Task Plain_encoding_merges_structured_metadata_into_stream_labels()
    {
        var json = await GetJson(Url("/loki/api/v1/query_range", ("query", """{app="web"}"""), ("start", "0"), ("end", "100")));

        Assert.Equal(
            $$"""[{"stream":{"app":"web","env":"prod","trace_id":"{{TraceA}}"},"values":[["15000000000","{\u0022status\u0022:200}"]]}]""",
            Raw(json.GetProperty("data").GetProperty("result")));
    }

    [Fact]
    public async Task Lines_are_escaped_as_loki_writes_them_not_html_safe()
    {
        var body = await _client.GetStringAsync(Url("/loki/api/v1/query_range", ("query", """{app="web"}"""), ("start", "0"), ("end", "100")));

        Assert.Contains("""["15000000000","{\"status\":200}"]""", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0022", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Categorize_labels_puts_metadata_and_parsed_labels_beside_each_line()
    {
        var json = await GetJson(
            Url("/loki/api/v1/query_range", ("query", """{env="prod"} | json | drop __error__, __error_details__"""), ("start", "0"), ("end", "100"), ("limit", "2"), ("direction", "forward")),
            null,
            ("X-Loki-Response-Encoding-Flags", "categorize-labels"));

        var data = json.GetProperty("data");
        Assert.Equal("""["categorize-labels"]""", Raw(data.GetProperty("encodingFlags")));
        Assert.Equal(
            $$$"""[{"stream":{"app":"api","env":"prod"},"values":[["10000000000","level=info msg=started"]]},{"stream":{"app":"web","env":"prod"},"values":[["15000000000","{\u0022status\u0022:200}",{"structured_metadata":{"trace_id":"{{{TraceA}}}"},"parsed":{"status":"200"}}]]}]""",
            Raw(data.GetProperty("result")));
    }

    [Fact]
    public async Task Query_range_of_a_metric_query_returns_a_matrix()
    {
        var json = await GetJson(Url("/loki/api/v1/query_range", ("query", """count_over_time({app="api"}[20s])"""), ("start", "20"), ("end", "40"), ("step", "10")));

        // Steps 20, 30, 40: windows (0,20] (10,30] (20,40] hold 2, 2 and 1 lines.
        var data = json.GetProperty("data");
        Assert.Equal("matrix", data.GetProperty("resultType").GetString());
        Assert.Equal("""[{"metric":{"app":"api","env":"prod"},"values":[[20,"2"],[30,"2"],[40,"1"]]}]""", Raw(data.GetProperty("result")));
    }

    [Fact]
    public async Task Default_step_is_the_range_over_250_points_at_least_one_second()
    {
        var json = await GetJson(Url("/loki/api/v1/query_range", ("query", """count_over_time({app="api"}[10s])"""), ("start", "9"), ("end", "11")));

        Assert.Equal("""[[10,"1"],[11,"1"]]""", Raw(json.GetProperty("data").GetProperty("result")[0].GetProperty("values")));
    }

    [Fact]
    public async Task Instant_query_returns_a_vector_with_float_second_timestamps()
    {
        var json = await GetJson(Url("/loki/api/v1/query", ("query", """sum(count_over_time({env="prod"}[1m]))"""), ("time", "60.25")));

        var data = json.GetProperty("data");
        Assert.Equal("vector", data.GetProperty("resultType").GetString());
        Assert.Equal("""[{"metric":{},"value":[60.25,"4"]}]""", Raw(data.GetProperty("result")));
    }

    [Fact]
    public async Task Instant_scalar_query()
    {
        var json = await GetJson(Url("/loki/api/v1/query", ("query", "1 + 1"), ("time", "50")));

        Assert.StartsWith("""{"resultType":"scalar","result":[50,"2"],"stats":{""", Raw(json.GetProperty("data")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_form_is_read_like_the_query_string()
    {
        using var form = new FormUrlEncodedContent([new("query", """{app="api"} |= "boom" """), new("start", "0"), new("end", "100")]);
        using var response = await _client.PostAsync("/loki/api/v1/query_range", form);

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("""[["20000000000","level=error msg=boom"]]""", Raw(json.GetProperty("data").GetProperty("result")[0].GetProperty("values")));
    }

    [Theory]
    [InlineData("/loki/api/v1/query_range?query=%7Bapp%3D%22api%22%7D%20%7C%3D%201", "parse error at line 1, col 16: syntax error: unexpected NUMBER 1, expecting STRING")]
    [InlineData("/loki/api/v1/query?query=%7Bapp%3D%22api%22%7D", "log queries are not supported as an instant query type")]
    [InlineData("/loki/api/v1/query_range?query=%7Bapp%3D%22api%22%7D&start=yesterday", "invalid start 'yesterday'")]
    [InlineData("/loki/api/v1/query_range?query=%7Bapp%3D%22api%22%7D&direction=up", "invalid direction 'up'")]
    [InlineData("/loki/api/v1/query_range", "query must not be empty")]
    [InlineData("/loki/api/v1/query_range?query=%7Bapp%3D%22api%22%7D&limit=6000", "max entries limit per query exceeded")]
    [InlineData("/loki/api/v1/series", "at least one match[] argument is required")]
    public async Task Errors_are_400_with_a_plain_text_message(string url, string message)
    {
        using var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Labels_and_label_values()
    {
        var names = await GetJson(Url("/loki/api/v1/labels", ("start", "0"), ("end", "100")));
        var values = await GetJson(Url("/loki/api/v1/label/app/values", ("start", "0"), ("end", "100")));
        var filtered = await GetJson(Url("/loki/api/v1/label/app/values", ("start", "0"), ("end", "100"), ("query", """{app=~"w.*"}""")));

        Assert.Equal("""{"status":"success","data":["app","env"]}""", Raw(names));
        Assert.Equal("""{"status":"success","data":["api","web"]}""", Raw(values));
        Assert.Equal("""{"status":"success","data":["web"]}""", Raw(filtered));
    }

    [Fact]
    public async Task Labels_default_to_the_last_six_hours()
    {
        var names = await GetJson("/loki/api/v1/labels");

        Assert.Equal("""{"status":"success","data":["app","env"]}""", Raw(names));
    }

    [Fact]
    public async Task Series_takes_several_match_selectors()
    {
        var json = await GetJson("/loki/api/v1/series?start=0&end=100&match[]=" + Uri.EscapeDataString("""{app="api"}""") + "&match[]=" + Uri.EscapeDataString("""{app="web"}"""));

        Assert.Equal("""{"status":"success","data":[{"app":"api","env":"prod"},{"app":"web","env":"prod"}]}""", Raw(json));
    }

    [Fact]
    public async Task Index_stats_has_no_envelope()
    {
        var json = await GetJson(Url("/loki/api/v1/index/stats", ("query", """{env="prod"}"""), ("start", "0"), ("end", "100")));

        Assert.Equal("""{"streams":2,"chunks":2,"bytes":75,"entries":4}""", Raw(json));
    }

    [Fact]
    public async Task Format_query_prints_the_canonical_form()
    {
        var json = await GetJson(Url("/loki/api/v1/format_query", ("query", """sum(rate({app="api"}|="x"[1m])) by (app)""")));

        Assert.Equal("""{"status":"success","data":"sum by (app) (rate({app=\u0022api\u0022} |= \u0022x\u0022[1m]))"}""", Raw(json));
    }

    [Fact]
    public async Task Detected_fields_finds_logfmt_and_metadata_fields()
    {
        var json = await GetJson(Url("/loki/api/v1/detected_fields", ("query", """{env="prod"}"""), ("start", "0"), ("end", "100")));

        Assert.Equal(
            """[{"label":"level","type":"string","cardinality":2,"parsers":["logfmt"]},{"label":"msg","type":"string","cardinality":3,"parsers":["logfmt"]},{"label":"status","type":"int","cardinality":1,"parsers":["json"]},{"label":"trace_id","type":"string","cardinality":1,"parsers":[]}]""",
            Raw(json.GetProperty("fields")));
    }

    [Fact]
    public async Task Multi_tenant_mode_needs_the_org_id_header_and_isolates_tenants()
    {
        using var missing = await _tenantClient.GetAsync(Url("/loki/api/v1/labels", ("start", "0"), ("end", "100")));
        var acme = await GetJson(Url("/loki/api/v1/query_range", ("query", """{app=~".+"}"""), ("start", "0"), ("end", "100")), _tenantClient, ("X-Scope-OrgID", "acme"));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("no org id", await missing.Content.ReadAsStringAsync());
        Assert.Equal("""[{"stream":{"app":"acme"},"values":[["10000000000","tenant line"]]}]""", Raw(acme.GetProperty("data").GetProperty("result")));
    }

    [Fact]
    public async Task Tail_sends_history_then_new_lines_over_a_websocket()
    {
        var client = _app!.GetTestServer().CreateWebSocketClient();
        var uri = new Uri("ws://localhost" + Url("/loki/api/v1/tail", ("query", """{app="api"} |= "o" """), ("start", "0"), ("limit", "10")));
        using var socket = await client.ConnectAsync(uri, CancellationToken.None);

        var first = await ReceiveAsync(socket);
        _reader.Add(Api, 40 * S, "level=warn msg=more");
        var second = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        Assert.Equal(
            """{"streams":[{"stream":{"app":"api","env":"prod"},"values":[["10000000000","level=info msg=started"],["20000000000","level=error msg=boom"],["30000000000","level=info msg=done"]]}],"dropped_entries":null}""",
            first);
        Assert.Equal("""{"streams":[{"stream":{"app":"api","env":"prod"},"values":[["40000000000","level=warn msg=more"]]}],"dropped_entries":null}""", second);
    }

    private static async Task<string> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None) switch { var r => new WebSocketReceiveResult(r.Count, r.MessageType, r.EndOfMessage) };
            length += result.Count;
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
