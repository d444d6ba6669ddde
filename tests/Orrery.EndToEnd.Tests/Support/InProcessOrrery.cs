using Orrery.Configuration;
using Orrery.Hosting;
using Orrery.Storage.Metrics;

namespace Orrery.EndToEnd.Tests.Support;

/// <summary>An Orrery server inside the test process, on free loopback ports and a temp data directory.</summary>
internal sealed class InProcessOrrery : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private OrreryServer? _server;

    public OrreryEndpoints Endpoints { get; private set; } = null!;

    public string DataDirectory => _data.Path;

    /// <summary>The TSDB read directly: raw samples, which the HTTP API only gives through PromQL.</summary>
    public IMetricReader Metrics => _server!.Metrics;

    /// <summary>The config file when one was given; rewrite it and call <see cref="ReloadAsync"/> as SIGHUP would.</summary>
    public string? ConfigPath { get; private set; }

    /// <summary>Re-reads the config file as SIGHUP does; false when the file was refused.</summary>
    public Task<bool> ReloadAsync() => _server!.ReloadAsync();

    /// <param name="configYaml">Written to a config file in the data directory's parent when given (scrape_configs, …).</param>
    public static async Task<InProcessOrrery> StartAsync(bool multiTenant = false, long maxRequestBytes = 1 << 20, string? configYaml = null, int[]? ports = null)
    {
        var orrery = new InProcessOrrery();
        ports ??= FreePorts.Take(3);
        string? configPath = null;
        if (configYaml is not null)
        {
            configPath = Path.Combine(orrery._data.Path, "orrery.yaml");
            await File.WriteAllTextAsync(configPath, configYaml);
        }
        var settings = new ServeSettings
        {
            DataDirectory = orrery._data.Path,
            Http = new ListenAddress("127.0.0.1", ports[0]),
            OtlpGrpc = new ListenAddress("127.0.0.1", ports[1]),
            OtlpHttp = new ListenAddress("127.0.0.1", ports[2]),
            MultiTenant = multiTenant,
            MaxRequestBytes = maxRequestBytes,
            LogFormat = LogFormat.Text,
            ConfigPath = configPath,
        };
        orrery.ConfigPath = configPath;
        orrery._server = await OrreryServer.StartAsync(settings, handleSignals: false, CancellationToken.None);
        orrery.Endpoints = new OrreryEndpoints(ports[0], ports[1], ports[2]);
        return orrery;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        Endpoints?.Client.Dispose();
        _data.Dispose();
    }
}

/// <summary>One shared single-tenant server for the tests that need no special settings.</summary>
public sealed class SharedOrrery : IAsyncLifetime
{
    internal InProcessOrrery Server { get; private set; } = null!;

    internal OrreryEndpoints Endpoints => Server.Endpoints;

    public async Task InitializeAsync() => Server = await InProcessOrrery.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedOrreryCollection : ICollectionFixture<SharedOrrery>
{
    public const string Name = "shared orrery";
}
