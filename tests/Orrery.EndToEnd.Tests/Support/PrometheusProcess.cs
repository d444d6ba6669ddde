using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Orrery.EndToEnd.Tests.Support;

/// <summary>
/// A real Prometheus (the Debian package's <c>/usr/bin/prometheus</c>, 2.42 on Debian 12) on a
/// loopback port with its own temporary storage: the reference peer for scraping, remote write
/// and (later) PromQL answers.
/// </summary>
internal sealed class PrometheusProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _directory;
    private readonly StringBuilder _output = new();

    private PrometheusProcess(Process process, TempDirectory directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static string Executable => File.Exists("/usr/bin/prometheus")
        ? "/usr/bin/prometheus"
        : throw new InvalidOperationException("prometheus is not installed: ./test.sh installs the Debian package 'prometheus'");

    /// <summary>Starts Prometheus on <paramref name="port"/> with <paramref name="configYaml"/> and waits until it is ready.</summary>
    public static async Task<PrometheusProcess> StartAsync(int port, string configYaml, params string[] extraArgs)
    {
        var directory = new TempDirectory();
        var config = Path.Combine(directory.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, configYaml);
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(directory.Path, "data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--web.enable-lifecycle",
            .. extraArgs])
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start prometheus");
        var prometheus = new PrometheusProcess(process, directory, port);
        process.OutputDataReceived += (_, e) => prometheus.Append(e.Data);
        process.ErrorDataReceived += (_, e) => prometheus.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await prometheus.WaitReadyAsync(TimeSpan.FromSeconds(60));
        return prometheus;
    }

    /// <summary>GET on Prometheus's HTTP API; returns the <c>data</c> member of a successful answer.</summary>
    public async Task<JsonElement> ApiAsync(string pathAndQuery)
    {
        using var response = await Client.GetAsync(new Uri(Url, pathAndQuery));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"prometheus {pathAndQuery}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Client.Dispose();
        _directory.Dispose();
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException("prometheus exited: " + Output);
            try
            {
                using var response = await Client.GetAsync(new Uri(Url, "/-/ready"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("prometheus not ready: " + Output);
            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
