using Microsoft.Extensions.Logging;
using Orrery.Configuration;
using Orrery.Storage;
using Orrery.Storage.Logs;
using Orrery.Storage.Logs.Embedded;
using Orrery.Storage.Metrics;
using Orrery.Storage.Metrics.Embedded;
using Orrery.Storage.Traces;
using Orrery.Storage.Traces.Embedded;

namespace Orrery.Hosting;

/// <summary>
/// The three embedded stores, one per signal, under one data directory: built from the serve
/// settings, started together (each replays its own WAL), ready when all are, disposed together.
/// </summary>
internal sealed class SignalStores : IAsyncDisposable
{
    private SignalStores(ITraceStore traces, IMetricStore metrics, ILogStore logs)
    {
        Traces = traces;
        Metrics = metrics;
        Logs = logs;
    }

    public ITraceStore Traces { get; }

    public IMetricStore Metrics { get; }

    public ILogStore Logs { get; }

    public bool IsReady => Traces.IsReady && Metrics.IsReady && Logs.IsReady;

    public static SignalStores Create(ServeSettings settings, ILoggerFactory loggers)
    {
        var storage = new StorageOptions { DataDirectory = settings.DataDirectory, Logger = loggers.CreateLogger("Orrery.Storage") };
        if (settings.WalFsync is { } sync) storage = storage with { WalSyncMode = sync };
        if (settings.Retention is { } retention) storage = storage with { Retention = retention };

        var metricOptions = new MetricStorageOptions();
        if (settings.MetricsOooWindow is { } window) metricOptions = metricOptions with { OutOfOrderWindow = window };
        if (settings.Retention is { } metricRetention) metricOptions = metricOptions with { Retention = metricRetention };
        metricOptions = metricOptions with { Limits = settings.MetricLimits(metricOptions.Limits) };

        var logOptions = LogStorageOptions.From(storage) with { Logger = loggers.CreateLogger("Orrery.Storage.Logs") };
        if (settings.Retention is { } logRetention) logOptions = logOptions with { Retention = logRetention };

        return new SignalStores(new EmbeddedTraceStore(storage), new EmbeddedMetricStore(storage, metricOptions), new EmbeddedLogStore(logOptions));
    }

    /// <summary>Replays the three WALs side by side.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.WhenAll(
        Traces.StartAsync(cancellationToken),
        Metrics.StartAsync(cancellationToken),
        Logs.StartAsync(cancellationToken));

    /// <summary>Flushes every store, even when one fails: each holds acknowledged data of its own.</summary>
    public async ValueTask DisposeAsync()
    {
        List<Exception>? errors = null;
        foreach (var store in (IAsyncDisposable[])[Traces, Metrics, Logs])
        {
            try
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
            {
                (errors ??= []).Add(e);
            }
        }
        if (errors is not null) throw new AggregateException("flushing the stores failed", errors);
    }
}
