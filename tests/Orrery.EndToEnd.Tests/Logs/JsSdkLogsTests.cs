using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Orrery.EndToEnd.Tests.Support;

namespace Orrery.EndToEnd.Tests.Logs;

/// <summary>
/// The OpenTelemetry JS SDK's OTLP/HTTP logs exporter (JSON encoding), run by Node from
/// <c>tests/js</c> (installed by ./test.sh), writes logs that come back through the Loki API.
/// </summary>
[Collection(SharedOrreryCollection.Name)]
public class JsSdkLogsTests(SharedOrrery orrery)
{
    [Fact]
    public async Task Logs_from_the_js_sdk_are_found_by_service_level_and_trace()
    {
        var endpoints = orrery.Endpoints;
        var service = "js-" + Guid.NewGuid().ToString("N")[..12];
        var traceId = Guid.NewGuid().ToString("N");
        var spanId = Guid.NewGuid().ToString("N")[..16];
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);

        var (exitCode, output) = await RunNode("export-logs.mjs", $"http://127.0.0.1:{endpoints.OtlpHttpPort}", service, traceId, spanId);
        Assert.True(exitCode == 0, "node export-logs.mjs failed: " + output);

        var all = await Lines(endpoints, $"{{service_name=\"{service}\"}}", started);
        // A structured (kvlist) body is stored as its JSON rendering.
        string[] expected = ["cart loaded", "payment declined", """{"event":"retry","attempt":2}"""];
        Assert.Equal(expected.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.Equal(["payment declined"], await Lines(endpoints, $"{{service_name=\"{service}\"}} | detected_level=\"error\"", started));
        Assert.Equal(["cart loaded"], await Lines(endpoints, $"{{service_name=\"{service}\"}} | cart_items=\"3\"", started));
        Assert.Equal(3, (await Lines(endpoints, $"{{service_name=~\".+\"}} | trace_id=\"{traceId}\"", started)).Count);
    }

    private static async Task<List<string>> Lines(OrreryEndpoints endpoints, string query, DateTimeOffset start)
    {
        var path = "/loki/api/v1/query_range?query=" + Uri.EscapeDataString(query)
            + "&start=" + start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "000000&limit=100";
        using var response = await endpoints.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .SelectMany(s => s.GetProperty("values").EnumerateArray().Select(v => v[1].GetString()!))
            .ToList();
    }

    private static async Task<(int ExitCode, string Output)> RunNode(string script, params string[] args)
    {
        var directory = JsDirectory();
        Assert.True(Directory.Exists(Path.Combine(directory, "node_modules")), $"{directory}/node_modules missing: ./test.sh installs it with npm ci");
        var start = new ProcessStartInfo("node") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>tests/js, found by walking up from the test binaries to the repository root.</summary>
    private static string JsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "js");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("tests/js not found above " + AppContext.BaseDirectory);
    }
}
