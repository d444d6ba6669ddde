using System.Globalization;
using System.Text.Json;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.Generate;

/// <summary>A multi-tenant server for the generator tests: each case writes under its own tenant, so counts never mix.</summary>
public sealed class GenerateOrrery : IAsyncLifetime
{
    internal InProcessOrrery Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await InProcessOrrery.StartAsync(multiTenant: true, maxRequestBytes: 16 << 20);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// <c>orrery gen traces|metrics|logs</c> against a running Orrery through every target: what the
/// generator reports sent is what Orrery acknowledged and what its query APIs then count.
/// </summary>
public class GenerateTests(GenerateOrrery orrery) : IClassFixture<GenerateOrrery>
{
    private OrreryEndpoints Endpoints => orrery.Server.Endpoints;

    [Theory]
    [InlineData("tiny", "grpc")]
    [InlineData("tiny", "http")]
    [InlineData("realistic", "grpc")]
    [InlineData("realistic", "http")]
    public async Task Traces_sent_are_acknowledged_and_stored(string preset, string target)
    {
        var tenant = Tenant("traces", preset, target);
        const int count = 1_500;

        var run = await GenRun.RunAsync(["gen", "traces", "--preset", preset, .. OtlpTarget(target), "--count", "1500", "--workers", "2", "--batch", "128", "--tenant", tenant]);

        AssertComplete(run, count);
        Assert.Equal(count, await StoredSpansAsync(tenant));
    }

    [Theory]
    [InlineData("remote-write")]
    [InlineData("grpc")]
    [InlineData("http")]
    public async Task Metric_samples_sent_are_acknowledged_and_stored(string target)
    {
        var tenant = Tenant("metrics", target);
        const int count = 3_000;
        string[] to = target == "remote-write" ? ["--remote-write", Endpoints.Http.ToString()] : OtlpTarget(target);

        var run = await GenRun.RunAsync(["gen", "metrics", .. to, "--count", "3000", "--series", "60", "--churn", "0.25", "--workers", "2", "--batch", "250", "--tenant", tenant]);

        AssertComplete(run, count);
        // count_over_time drops the name, and a histogram's _sum and _count differ only by it: count each family apart.
        string[] names = ["orrery_gen_gauge", "orrery_gen_requests_total", "orrery_gen_duration_seconds_bucket", "orrery_gen_duration_seconds_sum", "orrery_gen_duration_seconds_count"];
        double stored = 0;
        foreach (var name in names) stored += await PromQLScalarAsync($"sum(count_over_time({{__name__=\"{name}\", job=\"orrery-gen\"}}[1h]))", tenant);
        Assert.Equal(count, stored);
        // 60 series, a quarter replaced after each of the 50 rounds: far more series than 60 exist.
        Assert.True(await PromQLScalarAsync("count({job=\"orrery-gen\"})", tenant) > 60, "churn should have created new series");
    }

    [Fact]
    public async Task Another_instance_prefix_sends_a_separate_set_of_series()
    {
        var tenant = Tenant("metrics", "instance-prefix");
        string[] run = ["gen", "metrics", "--remote-write", Endpoints.Http.ToString(), "--count", "120", "--series", "60", "--workers", "2", "--batch", "60", "--tenant", tenant];

        AssertComplete(await GenRun.RunAsync(run), 120);
        AssertComplete(await GenRun.RunAsync([.. run, "--instance-prefix", "warmup"]), 120);

        Assert.Equal(120, await PromQLScalarAsync("count({job=\"orrery-gen\"})", tenant));
        Assert.Equal(60, await PromQLScalarAsync("count({instance=~\"warmup-[0-9]+:[0-9]+\"})", tenant));
    }

    [Theory]
    [InlineData("loki")]
    [InlineData("grpc")]
    [InlineData("http")]
    public async Task Log_lines_sent_are_acknowledged_and_stored(string target)
    {
        var tenant = Tenant("logs", target);
        const int count = 2_000;
        string[] to = target == "loki" ? ["--loki", Endpoints.Http.ToString()] : OtlpTarget(target);

        var run = await GenRun.RunAsync(["gen", "logs", .. to, "--count", "2000", "--streams", "6", "--line-size", "300", "--workers", "2", "--tenant", tenant]);

        AssertComplete(run, count);
        Assert.Equal(count, await LogQLScalarAsync("sum(count_over_time({deployment_environment=\"orrery-gen\"}[1h]))", tenant));
        // Structured metadata (trace_id) and the detected level split the count's series, as in Loki: count the streams by label.
        Assert.Equal(6, await LogQLScalarAsync("count(sum by (service_instance_id) (count_over_time({deployment_environment=\"orrery-gen\"}[1h])))", tenant));
    }

    [Theory]
    [InlineData("traces")]
    [InlineData("metrics")]
    [InlineData("logs")]
    public async Task Without_a_tenant_a_multi_tenant_server_refuses_everything_and_the_exit_code_says_so(string signal)
    {
        string[] shape = signal switch { "metrics" => ["--series", "10"], "logs" => ["--streams", "2"], _ => [] };

        var run = await GenRun.RunAsync(["gen", signal, .. OtlpTarget("http"), "--count", "300", .. shape]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(300, run.Sent);
        Assert.Equal(0, run.Acknowledged);
        Assert.Equal(300, run.Refused);
        Assert.Equal(0, run.Retried);
        Assert.Contains("HTTP 401", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_is_not_there_is_retried_then_counted_lost()
    {
        var closedPort = FreePorts.Take(1)[0];

        var run = await GenRun.RunAsync("gen", "traces", "--otlp-http", $"127.0.0.1:{closedPort}", "--count", "10", "--batch", "10");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(10, run.Sent);
        Assert.Equal(0, run.Acknowledged);
        Assert.Equal(10, run.Lost);
        Assert.Equal(5, run.Retried); // six attempts in all
    }

    private static void AssertComplete(GenRun run, long count)
    {
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(count, run.Sent);
        Assert.Equal(count, run.Acknowledged);
        Assert.Equal(0, run.Refused);
        Assert.Equal(0, run.Lost);
    }

    private string[] OtlpTarget(string target) => target == "grpc"
        ? ["--otlp-grpc", $"127.0.0.1:{Endpoints.GrpcPort}"]
        : ["--otlp-http", $"http://127.0.0.1:{Endpoints.OtlpHttpPort}"];

    private static string Tenant(params string[] parts) => "gen-" + string.Join('-', parts) + "-" + Guid.NewGuid().ToString("N")[..8];

    // Samples and lines may carry timestamps a little ahead of the clock (each round of series is
    // at least 1 ms after the last), so the queries look from a minute ahead.
    private static string Ahead => DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private async Task<long> StoredSpansAsync(string tenant)
    {
        var query = "/api/metrics/query?q=" + Uri.EscapeDataString("{} | count_over_time()")
            + "&start=" + DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "&end=" + Ahead;
        using var json = await JsonAsync(query, tenant);
        return json.RootElement.GetProperty("series").EnumerateArray().Sum(s => (long)s.GetProperty("value").GetDouble());
    }

    private async Task<double> PromQLScalarAsync(string promql, string tenant)
    {
        using var json = await JsonAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql) + "&time=" + Ahead, tenant);
        return Single(json, promql);
    }

    private async Task<double> LogQLScalarAsync(string logql, string tenant)
    {
        using var json = await JsonAsync("/loki/api/v1/query?query=" + Uri.EscapeDataString(logql) + "&time=" + Ahead, tenant);
        return Single(json, logql);
    }

    private static double Single(JsonDocument json, string query)
    {
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        Assert.True(result.GetArrayLength() == 1, $"{query}: expected one series, got {result}");
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    private async Task<JsonDocument> JsonAsync(string path, string tenant)
    {
        using var response = await Endpoints.GetAsync(path, tenant);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }
}
