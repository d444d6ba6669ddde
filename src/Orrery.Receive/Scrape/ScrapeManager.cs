using System.Net;
using Microsoft.Extensions.Logging;
using Orrery.Receive.Scrape.Config;
using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Scrape;

/// <summary>
/// Scrapes Prometheus targets as Prometheus does and writes what it gets to an
/// <see cref="IMetricConsumer"/>: one pool per job of <c>scrape_configs</c>, one loop per
/// target, <c>up</c> and the other synthetic series, stale markers when series or targets go away.
/// </summary>
public sealed class ScrapeManager : IAsyncDisposable
{
    private readonly ScrapeServices _services;
    private readonly SemaphoreSlim _apply = new(1, 1);
    private readonly Dictionary<string, ScrapePool> _pools = new(StringComparer.Ordinal);
    private volatile ScrapePool[] _poolSnapshot = [];
    private bool _disposed;

    /// <param name="consumer">Where each scrape's batch goes (the TSDB, or the metrics pipeline).</param>
    /// <param name="timeProvider">Clock and timers for the schedule, sample timestamps and timeouts.</param>
    /// <param name="logger">Failures of scrapes and discovery.</param>
    /// <param name="tenant">The tenant scraped data is written as.</param>
    /// <param name="httpHandler">Replaces the default handler (gzip on); the manager disposes it.</param>
    public ScrapeManager(IMetricConsumer consumer, TimeProvider timeProvider, ILogger logger, string tenant = Tenant.Default, HttpMessageHandler? httpHandler = null)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        httpHandler ??= new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            // Targets behind DNS move; reconnect now and then instead of pinning one address forever.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var http = new HttpClient(httpHandler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("Orrery/" + (typeof(ScrapeManager).Assembly.GetName().Version?.ToString(3) ?? "0"));
        _services = new ScrapeServices(http, consumer, tenant, timeProvider, logger);
    }

    public ScrapeConfig Config { get; private set; } = ScrapeConfig.Empty;

    /// <summary>
    /// Makes <paramref name="config"/> the running configuration. Targets that stay the same
    /// (same job, labels and URL) keep their loop, schedule, health and staleness state; jobs and
    /// targets that are gone get stale markers for their series. Completes when the loops of the
    /// new configuration are started (their first scrape comes at their offset in the interval).
    /// </summary>
    public async Task ApplyConfigAsync(ScrapeConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        await _apply.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var jobs = config.Jobs.Select(j => j.JobName).ToHashSet(StringComparer.Ordinal);
            var removals = new List<Task>();
            foreach (var (name, pool) in _pools)
            {
                if (jobs.Contains(name)) continue;
                removals.Add(pool.StopAsync(endOfRun: true));
                _pools.Remove(name);
            }
            foreach (var job in config.Jobs)
            {
                if (!_pools.TryGetValue(job.JobName, out var pool)) _pools[job.JobName] = pool = new ScrapePool(_services);
                await pool.ApplyAsync(job).ConfigureAwait(false);
            }
            _poolSnapshot = config.Jobs.Select(j => _pools[j.JobName]).ToArray();
            Config = config;
            await Task.WhenAll(removals).ConfigureAwait(false);
        }
        finally
        {
            _apply.Release();
        }
    }

    /// <summary>The state of every target, for <c>/api/v1/targets</c>; <paramref name="scrapePool"/> filters by job.</summary>
    public TargetsStatus GetTargets(string? scrapePool = null)
    {
        var active = new List<ActiveTargetStatus>();
        var dropped = new List<DroppedTargetStatus>();
        foreach (var pool in _poolSnapshot)
        {
            if (scrapePool is null || pool.Config.JobName == scrapePool) pool.CollectStatus(active, dropped);
        }
        return new TargetsStatus(active, dropped);
    }

    /// <summary>Scrapes every target once, now, and waits for the writes (the schedule is unchanged).</summary>
    public Task ScrapeAllOnceAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_poolSnapshot.Select(p => p.ScrapeAllOnceAsync(cancellationToken)));

    /// <summary>Stops every loop without stale markers (a restart should not make every series look gone), as Prometheus does on shutdown.</summary>
    public async ValueTask DisposeAsync()
    {
        await _apply.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            await Task.WhenAll(_pools.Values.Select(p => p.StopAsync(endOfRun: false))).ConfigureAwait(false);
            _pools.Clear();
            _poolSnapshot = [];
            _services.Http.Dispose();
        }
        finally
        {
            _apply.Release();
        }
    }
}
