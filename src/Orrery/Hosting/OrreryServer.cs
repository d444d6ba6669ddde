using System.Diagnostics.Metrics;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orrery.Api.Loki;
using Orrery.Api.Metrics;
using Orrery.Api.Prometheus;
using Orrery.Api.ServiceGraph;
using Orrery.Api.Tempo;
using Orrery.Configuration;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Configuration;
using Orrery.Pipeline.Exporters;
using Orrery.Pipeline.Traces;
using Orrery.Query.PromQL.Engine;
using Orrery.Receive.Loki;
using Orrery.Receive.Otlp;
using Orrery.Receive.Otlp.Grpc;
using Orrery.Receive.Otlp.Http;
using Orrery.Receive.Otlp.Logs;
using Orrery.Receive.Otlp.Metrics;
using Orrery.Receive.RemoteWrite;
using Orrery.Receive.Scrape;
using Orrery.Receive.Scrape.Config;
using Orrery.Storage;
using Orrery.Storage.Logs;
using Orrery.Storage.Metrics;
using Orrery.Storage.Traces;
using Orrery.Ui;

namespace Orrery.Hosting;

/// <summary>
/// The composition root: stores → pipeline → receivers (OTLP for all signals, remote write,
/// scrape, Loki push), plus the query APIs (Tempo, Prometheus, Loki), on three Kestrel
/// listeners. Shutdown stops scraping, drains in-flight requests, then disposes the stores
/// (which flush their heads), so every acknowledged write is on disk when the process exits.
/// </summary>
internal sealed class OrreryServer : IAsyncDisposable
{
    /// <summary>Exit code when the server cannot start (port in use, unreadable data directory).</summary>
    public const int StartupFailed = 1;

    private readonly WebApplication _app;
    private readonly ServeSettings _settings;
    private readonly SignalStores _stores;
    private readonly SignalPipelines _pipelines;
    private readonly ScrapeManager _scrape;
    private readonly IDisposable[] _owned;
    private PosixSignalRegistration? _reloadSignal;

    private OrreryServer(WebApplication app, ServeSettings settings, SignalStores stores, SignalPipelines pipelines, ScrapeManager scrape, IDisposable[] owned)
    {
        _app = app;
        _settings = settings;
        _stores = stores;
        _pipelines = pipelines;
        _scrape = scrape;
        _owned = owned;
    }

    public static string Version { get; } =
        typeof(OrreryServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public ITraceStore Store => _stores.Traces;

    public IMetricReader Metrics => _stores.Metrics;

    public ILogReader Logs => _stores.Logs;

    public ILogger Logger => _app.Logger;

    public static async Task<int> RunAsync(ServeSettings settings, CancellationToken cancellationToken)
    {
        OrreryServer server;
        try
        {
            server = await StartAsync(settings, handleSignals: true, cancellationToken).ConfigureAwait(false);
        }
        catch (StartupException e)
        {
            await Console.Error.WriteLineAsync("orrery: " + e.Message).ConfigureAwait(false);
            return StartupFailed;
        }
        await using (server.ConfigureAwait(false))
        {
            await server._app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        return 0;
    }

    /// <summary>Starts listening and replays the WAL. <paramref name="handleSignals"/> is false when hosted inside tests.</summary>
    public static async Task<OrreryServer> StartAsync(ServeSettings settings, bool handleSignals, CancellationToken cancellationToken)
    {
        // A bad scrape or pipeline section fails the start before anything is opened.
        var scrapeConfig = LoadScrapeConfig(settings);
        var pipelineConfig = SignalPipelines.LoadConfig(settings.ConfigPath);

        // First, before anything touches the directory: one process per data directory.
        DataDirectoryLock dataLock;
        try
        {
            dataLock = DataDirectoryLock.Acquire(settings.DataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException(e.Message);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        Logging.Configure(builder.Logging, settings.LogFormat);
        builder.WebHost.ConfigureKestrel(k => KestrelEndpoints.Configure(k, settings));
        if (!handleSignals) builder.Services.AddSingleton<IHostLifetime, NoSignalsLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        var app = builder.Build();

        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var stores = SignalStores.Create(settings, loggers);

        var pipelineMetrics = new PipelineMetrics();
        var componentMeter = new Meter("Orrery.Pipeline.Components");
        var terminals = new PipelineTerminals(new SpanCountingProcessor(stores.Traces, pipelineMetrics), stores.Metrics, stores.Logs);
        var pipelines = SignalPipelines.Start(
            pipelineConfig,
            terminals,
            () => new PipelineContext(TimeProvider.System, componentMeter, Path.Combine(settings.DataDirectory, "pipeline")));
        var otlp = pipelines.For(ReceiverTypes.Otlp);
        var receiveMetrics = new ReceiveMetrics();
        var receiveOptions = new OtlpReceiveOptions(settings.MaxRequestBytes, settings.MultiTenant);
        IOtlpExportService[] otlpServices =
        [
            new OtlpTraceService(otlp),
            new OtlpMetricsService(otlp, new DeltaToCumulative()),
            new OtlpLogsService(otlp, new OtlpLogsMapper(new OtlpLogsOptions())),
        ];
        var grpc = new OtlpGrpcHandler(otlpServices, receiveOptions, receiveMetrics);
        var http = new OtlpHttpHandler(otlpServices, receiveOptions, receiveMetrics);
        var remoteWrite = new RemoteWriteHandler(pipelines.For(ReceiverTypes.PrometheusRemoteWrite), receiveOptions);
        var lokiPush = new LokiPushHandler(pipelines.For(ReceiverTypes.Loki), receiveOptions);
        var scrape = new ScrapeManager(pipelines.For(ReceiverTypes.Prometheus), TimeProvider.System, loggers.CreateLogger("Orrery.Scrape"));
        var exporter = new PrometheusExporter();
        var httpMetrics = new HttpMetrics();
        var storeMetrics = new StoreMetrics(stores.Traces);
        var processMetrics = new ProcessMetrics();

        RequestRouting.Use(app, settings, grpc, http, httpMetrics);
        foreach (var path in http.Paths) app.MapPost(path, http.HandleAsync);
        app.MapPost(RemoteWriteHandler.Path, remoteWrite.HandleAsync);
        app.MapPost(LokiPushHandler.Path, lokiPush.HandleAsync);
        app.MapGet("/ready", context => stores.IsReady
            ? context.Response.WriteAsync("ready")
            : WriteStatus(context, StatusCodes.Status503ServiceUnavailable, "not ready: replaying the write-ahead logs"));
        app.MapGet("/metrics", exporter.WriteAsync);
        TempoApi.Map(app, stores.Traces, settings.MultiTenant, Version);
        var promql = new PromQLEngine(stores.Metrics, new PromQLOptions { LookbackDeltaMs = (long)settings.QueryLookbackDelta.TotalMilliseconds });
        PrometheusApi.Map(app, stores.Metrics, settings.MultiTenant, Version, () => ScrapeTargets.View(scrape), promql);
        ServiceGraphApi.Map(app, promql, settings.MultiTenant);
        LokiApi.Map(app, stores.Logs, settings.MultiTenant);
        UiEndpoints.Map(app, new UiBackends(stores.Traces, stores.Metrics, stores.Logs, promql, settings.MultiTenant));

        var server = new OrreryServer(app, settings, stores, pipelines, scrape, [storeMetrics, processMetrics, httpMetrics, exporter, receiveMetrics, pipelineMetrics, componentMeter, dataLock]);
        if (handleSignals) server._reloadSignal = PosixSignalRegistration.Create(PosixSignal.SIGHUP, server.OnReloadSignal);
        // Replay starts before the listeners open, so a request never meets an unstarted store;
        // until replay ends, exports wait and /ready answers 503.
        var storeStarted = stores.StartAsync(cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new StartupException(
                $"cannot listen on --http {settings.Http}, --otlp-grpc {settings.OtlpGrpc} or --otlp-http {settings.OtlpHttp}: {e.Message}"
                + (e.InnerException is AddressInUseException ? " (address already in use)" : string.Empty));
        }
        try
        {
            await storeStarted.ConfigureAwait(false);
            // Scraping starts once the TSDB is replayed, so the first scrape is never refused.
            await scrape.ApplyConfigAsync(scrapeConfig, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new StartupException($"cannot open data directory '{settings.DataDirectory}': {e.Message}");
        }
        app.Logger.LogInformation(
            "orrery {Version} serving: http {Http}, otlp-grpc {OtlpGrpc}, otlp-http {OtlpHttp}, data {Data}, multi-tenant {MultiTenant}",
            Version, settings.Http.ToString(), settings.OtlpGrpc.ToString(), settings.OtlpHttp.ToString(), Path.GetFullPath(settings.DataDirectory), settings.MultiTenant);
        return server;
    }

    /// <summary>
    /// Re-reads the config file's scrape and pipeline sections, as SIGHUP asks. A bad file
    /// changes nothing and is logged; the server keeps running on what it had.
    /// </summary>
    public async Task<bool> ReloadAsync()
    {
        try
        {
            var scrapeConfig = LoadScrapeConfig(_settings);
            var pipelineConfig = SignalPipelines.LoadConfig(_settings.ConfigPath);
            await _pipelines.ReloadAsync(pipelineConfig).ConfigureAwait(false);
            await _scrape.ApplyConfigAsync(scrapeConfig, CancellationToken.None).ConfigureAwait(false);
            _app.Logger.LogInformation("configuration reloaded from {Config}", _settings.ConfigPath ?? "(built-in default)");
            return true;
        }
        catch (StartupException e)
        {
            _app.Logger.LogError("configuration not reloaded: {Reason}", e.Message);
            return false;
        }
    }

    private void OnReloadSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _app.Logger.LogInformation("SIGHUP: reloading the configuration");
        _ = ReloadLoggingFailuresAsync();
    }

    // Nobody awaits a signal's reload: a failure ReloadAsync does not expect (an I/O error reading
    // the file, a component failing to start) must still reach the log instead of vanishing.
    private async Task ReloadLoggingFailuresAsync()
    {
        try
        {
            await ReloadAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _app.Logger.LogError(e, "configuration not reloaded: {Reason}", e.Message);
        }
    }

    /// <summary>Asks the server to stop, as SIGTERM would; <see cref="DisposeAsync"/> waits for it.</summary>
    public void RequestStop() => _app.Lifetime.StopApplication();

    public async ValueTask DisposeAsync()
    {
        try
        {
            _reloadSignal?.Dispose();
            await _scrape.DisposeAsync().ConfigureAwait(false);
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            // After the scrapers stopped and the listeners drained: the pipelines flush what
            // they hold, then nothing writes into the stores any more.
            try
            {
                await _pipelines.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                await _stores.DisposeAsync().ConfigureAwait(false);
            }
            foreach (var owned in _owned) owned.Dispose();
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The config file's <c>global</c> and <c>scrape_configs</c> sections; no file or no sections: nothing to scrape.</summary>
    private static ScrapeConfig LoadScrapeConfig(ServeSettings settings)
    {
        if (settings.ConfigPath is null) return ScrapeConfig.Empty;
        try
        {
            var sections = ConfigFile.LoadSections(settings.ConfigPath, SettingNames.ScrapeSectionKeys);
            return sections is null ? ScrapeConfig.Empty : ScrapeConfig.Parse(sections, Path.GetDirectoryName(Path.GetFullPath(settings.ConfigPath)));
        }
        catch (Exception e) when (e is SettingsException or ScrapeConfigException)
        {
            throw new StartupException($"config file '{settings.ConfigPath}': {e.Message}");
        }
    }

    private static Task WriteStatus(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync(text);
    }

    /// <summary>Leaves SIGTERM/SIGINT to the test process hosting the server.</summary>
    private sealed class NoSignalsLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>The server could not start; the message says what to fix.</summary>
internal sealed class StartupException(string message) : Exception(message);
