using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Orrery.Api.Loki;
using Orrery.Query.Tests.LogQL;
using Orrery.Signals.Labels;

namespace Orrery.Api.Tests.Loki;

/// <summary>
/// index/volume, index/volume_range, patterns and detected_labels over an in-memory reader.
/// {app=api, env=prod}: 22 + 20 + 19 = 61 bytes at 10, 20, 30 s; {app=web, env=prod}: 14 bytes
/// at 15 s; {app=db, env=dev, team=x}: 5 bytes at 25 s.
/// </summary>
public sealed class LokiIndexApiTests : IAsyncLifetime
{
    private const long S = 1_000_000_000;

    private readonly InMemoryLogReader _reader = new InMemoryLogReader()
        .Add(LabelSet.From(("app", "api"), ("env", "prod")), 10 * S, "level=info msg=started")
        .Add(LabelSet.From(("app", "api"), ("env", "prod")), 20 * S, "level=error msg=boom")
        .Add(LabelSet.From(("app", "api"), ("env", "prod")), 30 * S, "level=info msg=done")
        .Add(LabelSet.From(("app", "web"), ("env", "prod")), 15 * S, """{"status":200}""")
        .Add(LabelSet.From(("app", "db"), ("env", "dev"), ("team", "x")), 25 * S, "12345");

    private WebApplication? _app;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        _app = builder.Build();
        LokiApi.Map(_app, _reader, multiTenant: false, clock: new FixedClock(DateTimeOffset.UnixEpoch.AddSeconds(100)));
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app!.DisposeAsync();
    }

    private static string Url(string path, params (string Key, string Value)[] query) =>
        path + "?" + string.Join("&", query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));

    private async Task<JsonElement> GetJson(string url)
    {
        using var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Raw(JsonElement element) => JsonSerializer.Serialize(element);

    [Fact]
    public async Task Volume_sums_bytes_by_the_labels_the_selector_names_largest_first()
    {
        var json = await GetJson(Url("/loki/api/v1/index/volume", ("query", """{app=~".+"}"""), ("start", "0"), ("end", "100")));

        var data = json.GetProperty("data");
        Assert.Equal("vector", data.GetProperty("resultType").GetString());
        Assert.Equal(
            """[{"metric":{"app":"api"},"value":[100,"61"]},{"metric":{"app":"web"},"value":[100,"14"]},{"metric":{"app":"db"},"value":[100,"5"]}]""",
            Raw(data.GetProperty("result")));
    }

    [Fact]
    public async Task Volume_by_target_labels_with_a_limit()
    {
        var json = await GetJson(Url("/loki/api/v1/index/volume", ("query", """{app=~".+"}"""), ("targetLabels", "env"), ("limit", "1"), ("start", "0"), ("end", "100")));

        Assert.Equal("""[{"metric":{"env":"prod"},"value":[100,"75"]}]""", Raw(json.GetProperty("data").GetProperty("result")));
    }

    [Fact]
    public async Task Volume_aggregated_by_label_names()
    {
        var json = await GetJson(Url("/loki/api/v1/index/volume", ("query", """{env=~".+"}"""), ("targetLabels", "env,team"), ("aggregateBy", "labels"), ("start", "0"), ("end", "100")));

        Assert.Equal("""[{"metric":{"env":""},"value":[100,"80"]},{"metric":{"team":""},"value":[100,"5"]}]""", Raw(json.GetProperty("data").GetProperty("result")));
    }

    [Fact]
    public async Task Volume_range_gives_bytes_per_step()
    {
        // Steps at 0, 20, 40 s cover (-20, 0], (0, 20], (20, 40].
        var json = await GetJson(Url("/loki/api/v1/index/volume_range", ("query", """{env="prod"}"""), ("start", "0"), ("end", "40"), ("step", "20s")));

        var data = json.GetProperty("data");
        Assert.Equal("matrix", data.GetProperty("resultType").GetString());
        Assert.Equal("""[{"metric":{"env":"prod"},"values":[[20,"56"],[40,"19"]]}]""", Raw(data.GetProperty("result")));
    }

    [Theory]
    [InlineData("/loki/api/v1/index/volume", "query must not be empty")]
    [InlineData("/loki/api/v1/index/volume?query={a=\"b\"}&aggregateBy=pods", "invalid aggregateBy")]
    [InlineData("/loki/api/v1/patterns?query={a=", "parse error")]
    public async Task Bad_requests_answer_400_with_the_reason(string url, string reason)
    {
        using var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patterns_group_lines_by_template_with_counts_per_step()
    {
        var json = await GetJson(Url("/loki/api/v1/patterns", ("query", """{app="api"}"""), ("start", "0"), ("end", "60"), ("step", "20s")));

        Assert.Equal("success", json.GetProperty("status").GetString());
        // The two info lines differ only in msg's value: one pattern of two lines (at 10 s → step 20, 30 s → step 40).
        Assert.Equal(
            """[{"pattern":"level=info msg=<_>","samples":[[20,1],[40,1]]},{"pattern":"level=error msg=boom","samples":[[20,1]]}]""",
            json.GetProperty("data").GetRawText()); // as written: Loki does not escape < and >
    }

    [Fact]
    public async Task Detected_labels_have_their_cardinality()
    {
        var all = await GetJson(Url("/loki/api/v1/detected_labels", ("start", "0"), ("end", "100")));
        var prod = await GetJson(Url("/loki/api/v1/detected_labels", ("query", """{env="prod"}"""), ("start", "0"), ("end", "100")));

        Assert.Equal("""[{"label":"app","cardinality":3},{"label":"env","cardinality":2},{"label":"team","cardinality":1}]""", Raw(all.GetProperty("detectedLabels")));
        Assert.Equal("""[{"label":"app","cardinality":2},{"label":"env","cardinality":1}]""", Raw(prod.GetProperty("detectedLabels")));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
