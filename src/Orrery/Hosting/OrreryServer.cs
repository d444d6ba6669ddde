using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orrery.Api.Metrics;
using Orrery.Api.Tempo;
using Orrery.Configuration;
using Orrery.Pipeline.Traces;
using Orrery.Receive.Otlp;
using Orrery.Receive.Otlp.Grpc;
using Orrery.Receive.Otlp.Http;
using Orrery.Storage;
using Orrery.Storage.Traces;
using Orrery.Storage.Traces.Embedded;

namespace Orrery.Hosting;

/// <summary>
/// The composition root: store → pipeline → receivers, plus the query APIs, on three Kestrel
/// listeners. Shutdown drains in-flight requests first, then disposes the store (which
/// flushes the head), so every acknowledged export is on disk when the process exits.
/// </summary>
internal sealed class OrreryServer : IAsyncDisposable
{
    /// <summary>Exit code when the server cannot start (port in use, unreadable data directory).</summary>
    public const int StartupFailed = 1;

    private readonly WebApplication _app;
    private readonly ITraceStore _store;
    private readonly IDisposable[] _owned;

    private OrreryServer(WebApplication app, ITraceStore store, IDisposable[] owned)
    {
        _app = app;
        _store = store;
        _owned = owned;
    }

    public static string Version { get; } =
        typeof(OrreryServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public ITraceStore Store => _store;

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
        var storage = new StorageOptions { DataDirectory = settings.DataDirectory, Logger = loggers.CreateLogger("Orrery.Storage") };
        if (settings.WalFsync is { } sync) storage = storage with { WalSyncMode = sync };
        if (settings.Retention is { } retention) storage = storage with { Retention = retention };
        var store = new EmbeddedTraceStore(storage);

        var pipelineMetrics = new PipelineMetrics();
        var pipeline = new TracePipelineBuilder()
            .Add(next => new SpanCountingProcessor(next, pipelineMetrics))
            .Build(store);
        var receiveMetrics = new ReceiveMetrics();
        var service = new OtlpTraceService(pipeline, receiveMetrics);
        var receiveOptions = new OtlpReceiveOptions(settings.MaxRequestBytes, settings.MultiTenant);
        IOtlpExportService[] otlpServices = [service];
        var grpc = new OtlpGrpcHandler(otlpServices, receiveOptions);
        var http = new OtlpHttpHandler(otlpServices, receiveOptions);
        var exporter = new PrometheusExporter();
        var httpMetrics = new HttpMetrics();
        var storeMetrics = new StoreMetrics(store);

        RequestRouting.Use(app, settings, grpc, http, httpMetrics);
        foreach (var path in http.Paths) app.MapPost(path, http.HandleAsync);
        app.MapGet("/ready", context => store.IsReady
            ? context.Response.WriteAsync("ready")
            : WriteStatus(context, StatusCodes.Status503ServiceUnavailable, "not ready: replaying the write-ahead log"));
        app.MapGet("/metrics", context =>
        {
            context.Response.ContentType = PrometheusExporter.ContentType;
            return context.Response.WriteAsync(exporter.Scrape());
        });
        TempoApi.Map(app, store, settings.MultiTenant, Version);

        var server = new OrreryServer(app, store, [storeMetrics, httpMetrics, exporter, receiveMetrics, pipelineMetrics, dataLock]);
        // Replay starts before the listeners open, so a request never meets an unstarted store;
        // until replay ends, exports wait and /ready answers 503.
        var storeStarted = store.StartAsync(cancellationToken);
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

    /// <summary>Asks the server to stop, as SIGTERM would; <see cref="DisposeAsync"/> waits for it.</summary>
    public void RequestStop() => _app.Lifetime.StopApplication();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            // After the listeners drained: no request can be writing into the store any more.
            await _store.DisposeAsync().ConfigureAwait(false);
            foreach (var owned in _owned) owned.Dispose();
            await _app.DisposeAsync().ConfigureAwait(false);
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
