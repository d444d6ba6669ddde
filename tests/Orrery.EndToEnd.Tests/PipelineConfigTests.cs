using System.Net;
using System.Text;
using Orrery.Configuration;
using Orrery.EndToEnd.Tests.Support;
using Orrery.Hosting;

namespace Orrery.EndToEnd.Tests;

/// <summary>The collector-shaped pipeline sections of the config file: refused at start with their line, swapped on reload.</summary>
public sealed class PipelineConfigTests
{
    private const string OneLog = """
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"reload-test"}}]},
          "scopeLogs":[{"logRecords":[{"timeUnixNano":"TIME","body":{"stringValue":"after reload"}}]}]}]}
        """;

    [Fact]
    public async Task A_signal_without_a_pipeline_is_refused_until_a_reload_adds_one()
    {
        await using var orrery = await InProcessOrrery.StartAsync(configYaml: PipelineYaml.TracesOnly);

        var before = await PostLogAsync(orrery);
        Assert.Equal(HttpStatusCode.BadRequest, before.StatusCode);
        Assert.Contains("no logs pipeline", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await File.WriteAllTextAsync(orrery.ConfigPath!, PipelineYaml.TracesAndLogs);
        Assert.True(await orrery.ReloadAsync());

        var after = await PostLogAsync(orrery);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_bad_config_on_reload_changes_nothing()
    {
        await using var orrery = await InProcessOrrery.StartAsync(configYaml: PipelineYaml.TracesAndLogs);

        await File.WriteAllTextAsync(orrery.ConfigPath!, PipelineYaml.TracesAndLogs.Replace("exporters: [orrery]\n", "exporters: [nowhere]\n", StringComparison.Ordinal));
        Assert.False(await orrery.ReloadAsync());

        Assert.Equal(HttpStatusCode.OK, (await PostLogAsync(orrery)).StatusCode);
    }

    [Fact]
    public async Task A_bad_pipeline_section_fails_the_start_with_its_line()
    {
        using var data = new TempDirectory();
        var configPath = Path.Combine(data.Path, "orrery.yaml");
        // Line 9 names a processor that is not defined.
        await File.WriteAllTextAsync(configPath, PipelineYaml.TracesOnly.Replace("      receivers: [otlp]\n      exporters", "      receivers: [otlp]\n      processors: [batch]\n      exporters", StringComparison.Ordinal));
        var ports = FreePorts.Take(3);
        var settings = new ServeSettings
        {
            DataDirectory = Path.Combine(data.Path, "data"),
            Http = new ListenAddress("127.0.0.1", ports[0]),
            OtlpGrpc = new ListenAddress("127.0.0.1", ports[1]),
            OtlpHttp = new ListenAddress("127.0.0.1", ports[2]),
            ConfigPath = configPath,
        };

        var error = await Assert.ThrowsAsync<StartupException>(() => OrreryServer.StartAsync(settings, handleSignals: false, CancellationToken.None));

        Assert.Contains("line 9", error.Message, StringComparison.Ordinal);
        Assert.Contains("batch", error.Message, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostLogAsync(InProcessOrrery orrery)
    {
        var nanos = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var body = new StringContent(OneLog.Replace("TIME", nanos.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), Encoding.UTF8, "application/json");
        return orrery.Endpoints.Client.PostAsync(orrery.Endpoints.OtlpHttpLogs, body);
    }
}
