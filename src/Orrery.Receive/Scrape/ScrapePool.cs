using Microsoft.Extensions.Logging;
using Orrery.Receive.Scrape.Config;
using Orrery.Receive.Scrape.Discovery;
using Orrery.Signals.Labels;

namespace Orrery.Receive.Scrape;

/// <summary>
/// The targets of one job: discovers them (static groups and file_sd), relabels them into
/// scrape targets, and keeps one <see cref="ScrapeLoop"/> per target. A sync keeps the loops of
/// targets that are still wanted (their staleness state and health survive) and stops the
/// rest with stale markers.
/// </summary>
internal sealed partial class ScrapePool(ScrapeServices services)
{
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Dictionary<string, ScrapeLoop> _loops = new(StringComparer.Ordinal);
    private ScrapeJobConfig? _config;
    private List<FileDiscovery> _discoveries = [];
    private bool _stopped;

    // Read by GetTargets on other threads; replaced whole after each sync.
    private volatile ScrapeLoop[] _loopSnapshot = [];
    private volatile LabelSet[] _dropped = [];

    public ScrapeJobConfig Config => _config ?? throw new InvalidOperationException("pool not configured");

    /// <summary>Takes a (new) job configuration: restarts discovery and syncs the targets.</summary>
    public async Task ApplyAsync(ScrapeJobConfig config)
    {
        await _sync.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopped) return;
            _config = config;
            foreach (var discovery in _discoveries) discovery.Dispose();
            _discoveries = config.FileSdConfigs
                .Select(c => new FileDiscovery(c, services.Time, services.Logger, _ => OnDiscoveryChanged()))
                .ToList();
            await SyncLockedAsync().ConfigureAwait(false);
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>Stops every loop; <paramref name="endOfRun"/> when the job was removed (stale markers), not on shutdown.</summary>
    public async Task StopAsync(bool endOfRun)
    {
        await _sync.WaitAsync().ConfigureAwait(false);
        try
        {
            _stopped = true;
            foreach (var discovery in _discoveries) discovery.Dispose();
            _discoveries = [];
            await Task.WhenAll(_loops.Values.Select(l => l.StopAsync(endOfRun))).ConfigureAwait(false);
            _loops.Clear();
            _loopSnapshot = [];
            _dropped = [];
        }
        finally
        {
            _sync.Release();
        }
    }

    public void CollectStatus(List<ActiveTargetStatus> active, List<DroppedTargetStatus> dropped)
    {
        foreach (var loop in _loopSnapshot)
        {
            var target = loop.Target;
            var health = loop.Health;
            active.Add(new ActiveTargetStatus(
                ToDictionary(target.DiscoveredLabels),
                ToDictionary(target.Labels),
                target.JobName,
                target.Url.ToString(),
                GlobalUrl(target.Url),
                health.LastError,
                health.LastScrape,
                health.LastScrapeDuration.TotalSeconds,
                health.Health,
                PromDuration.Format(target.Interval),
                PromDuration.Format(target.Timeout)));
        }
        foreach (var labels in _dropped) dropped.Add(new DroppedTargetStatus(ToDictionary(labels)));
    }

    /// <summary>Scrapes every target once now (tests and "scrape now" tooling); the loops keep their schedule.</summary>
    internal Task ScrapeAllOnceAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_loopSnapshot.Select(l => l.ScrapeOnceAsync(cancellationToken)));

    private void OnDiscoveryChanged() => _ = Task.Run(async () =>
    {
        try
        {
            await _sync.WaitAsync().ConfigureAwait(false);
            try
            {
                if (!_stopped) await SyncLockedAsync().ConfigureAwait(false);
            }
            finally
            {
                _sync.Release();
            }
        }
        catch (Exception e)
        {
            LogSyncFailed(services.Logger, e, _config?.JobName);
        }
    });

    private async Task SyncLockedAsync()
    {
        var config = Config;
        var wanted = new Dictionary<string, ScrapeTarget>(StringComparer.Ordinal);
        var dropped = new List<LabelSet>();
        foreach (var group in config.StaticConfigs.Concat(_discoveries.SelectMany(d => d.Current)))
        {
            foreach (var address in group.Targets)
            {
                var result = TargetPopulator.Populate(config, group, address);
                if (result.Target is null)
                {
                    if (result.Error is not null) LogInvalidTarget(services.Logger, config.JobName, address, result.Error);
                    dropped.Add(result.DiscoveredLabels);
                    continue;
                }
                wanted.TryAdd(result.Target.Key, result.Target);
            }
        }
        var stopping = new List<Task>();
        foreach (var (key, loop) in _loops)
        {
            if (wanted.ContainsKey(key)) continue;
            stopping.Add(loop.StopAsync(endOfRun: true));
            _loops.Remove(key);
        }
        foreach (var (key, target) in wanted)
        {
            if (_loops.ContainsKey(key)) continue;
            var loop = new ScrapeLoop(target, () => Config, services.Http, services.Consumer, services.Tenant, services.Time, services.Logger, services.Batches);
            _loops[key] = loop;
            loop.Start();
        }
        _loopSnapshot = _loops.Values.OrderBy(l => l.Target.Key, StringComparer.Ordinal).ToArray();
        _dropped = dropped.ToArray();
        await Task.WhenAll(stopping).ConfigureAwait(false);
    }

    private static Dictionary<string, string> ToDictionary(LabelSet labels)
    {
        var map = new Dictionary<string, string>(labels.Count, StringComparer.Ordinal);
        foreach (var label in labels.AsSpan()) map[label.Name] = label.Value;
        return map;
    }

    /// <summary>As Prometheus's globalUrl: a loopback host is replaced by this machine's name, so the link works elsewhere.</summary>
    private static string GlobalUrl(Uri url)
    {
        if (!url.IsLoopback) return url.ToString();
        return new UriBuilder(url) { Host = System.Net.Dns.GetHostName() }.Uri.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "scrape job {Job}: target {Address} dropped: {Error}")]
    private static partial void LogInvalidTarget(ILogger logger, string job, string address, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "scrape job {Job}: syncing targets after a discovery change failed")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception, string? job);
}
