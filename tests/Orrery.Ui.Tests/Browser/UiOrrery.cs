using Orrery.Configuration;
using Orrery.EndToEnd.Tests.Support;
using Orrery.Hosting;

namespace Orrery.Ui.Tests.Browser;

/// <summary>A whole Orrery in the test process on free loopback ports, its span metrics flushed every second, taking logs over OTLP and Loki push.</summary>
internal sealed class UiOrrery : IAsyncDisposable
{
    // The built-in pipeline with a 1 s span-metrics flush, so the overview has numbers moments
    // after the spans arrive instead of after the default interval.
    private const string Config = """
        receivers:
          otlp:
          loki:
        processors:
          memory_limiter:
            check_interval: 1s
            limit_percentage: 80
            spike_limit_percentage: 20
        connectors:
          spanmetrics:
            metrics_flush_interval: 1s
          servicegraph:
        exporters:
          orrery:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter]
              exporters: [orrery, spanmetrics, servicegraph]
            metrics/derived:
              receivers: [spanmetrics, servicegraph]
              exporters: [orrery]
            logs:
              receivers: [otlp, loki]
              processors: [memory_limiter]
              exporters: [orrery]
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orrery-ui-" + Guid.NewGuid().ToString("N"));
    private OrreryServer? _server;

    public Uri Http { get; private set; } = null!;
    public Uri OtlpHttp { get; private set; } = null!;
    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Starts one; <paramref name="multiTenant"/> makes every API require X-Scope-OrgID.</summary>
    public static async Task<UiOrrery> StartAsync(bool multiTenant = false)
    {
        var orrery = new UiOrrery();
        Directory.CreateDirectory(orrery._directory);
        var configPath = Path.Combine(orrery._directory, "orrery.yaml");
        await File.WriteAllTextAsync(configPath, Config);
        var ports = FreePorts.Take(3);
        var settings = new ServeSettings
        {
            DataDirectory = Path.Combine(orrery._directory, "data"),
            Http = new ListenAddress("127.0.0.1", ports[0]),
            OtlpGrpc = new ListenAddress("127.0.0.1", ports[1]),
            OtlpHttp = new ListenAddress("127.0.0.1", ports[2]),
            LogFormat = LogFormat.Text,
            ConfigPath = configPath,
            MaxRequestBytes = 16 << 20,
            MultiTenant = multiTenant,
        };
        orrery._server = await OrreryServer.StartAsync(settings, handleSignals: false, CancellationToken.None);
        orrery.Http = new Uri($"http://127.0.0.1:{ports[0]}");
        orrery.OtlpHttp = new Uri($"http://127.0.0.1:{ports[2]}");
        return orrery;
    }

    /// <summary>Polls a GET until the check accepts the body; throws with the last body past the deadline.</summary>
    public async Task WaitForAsync(string pathAndQuery, Func<string, bool> check, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Client.GetAsync(new Uri(Http, pathAndQuery));
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.IsSuccessStatusCode && check(last)) return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"{pathAndQuery} did not become ready in {timeout}: {last[..Math.Min(last.Length, 500)]}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        Client.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp directory is cleaned by the OS eventually.
        }
    }
}
