using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests;

/// <summary>SIGHUP makes the running executable re-read its config file's pipeline.</summary>
public class ReloadSignalTests
{
    [Fact]
    public async Task Sighup_swaps_in_the_rewritten_pipeline()
    {
        using var data = new TempDirectory();
        using var configDirectory = new TempDirectory();
        var config = Path.Combine(configDirectory.Path, "orrery.yaml");
        await File.WriteAllTextAsync(config, PipelineYaml.TracesOnly);
        var ports = FreePorts.Take(3);
        var endpoints = new OrreryEndpoints(ports[0], ports[1], ports[2]);
        using var orrery = OrreryProcess.Serve(data.Path, endpoints, "--config", config);
        await endpoints.WaitReadyAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.BadRequest, (await PostLogAsync(endpoints)).StatusCode);

        await File.WriteAllTextAsync(config, PipelineYaml.TracesAndLogs);
        using (var hup = Process.Start("kill", ["-HUP", orrery.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await hup.WaitForExitAsync();
            Assert.Equal(0, hup.ExitCode);
        }

        // The reload runs on its own after the signal: poll until logs are taken.
        var deadline = Stopwatch.StartNew();
        var status = HttpStatusCode.BadRequest;
        while (status != HttpStatusCode.OK && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
            status = (await PostLogAsync(endpoints)).StatusCode;
        }
        Assert.True(status == HttpStatusCode.OK, orrery.Output);
        Assert.False(orrery.HasExited, orrery.Output);
        Assert.Contains("configuration reloaded", orrery.Output, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostLogAsync(OrreryEndpoints endpoints)
    {
        var nanos = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000).ToString(CultureInfo.InvariantCulture);
        var json = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"" + nanos + "\",\"body\":{\"stringValue\":\"hup\"}}]}]}]}";
        return endpoints.Client.PostAsync(endpoints.OtlpHttpLogs, new StringContent(json, Encoding.UTF8, "application/json"));
    }
}
