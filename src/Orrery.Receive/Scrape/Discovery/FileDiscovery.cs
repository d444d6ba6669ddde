using System.IO.Enumeration;
using Microsoft.Extensions.Logging;
using Orrery.Receive.Scrape.Config;

namespace Orrery.Receive.Scrape.Discovery;

/// <summary>
/// Target groups from the files of one <c>file_sd_configs</c> entry. Re-reads them when a
/// watched directory reports a change and, because watchers miss events (network file systems,
/// editors that replace files, directories created later), every refresh interval. A file
/// that fails to parse keeps its last good groups, as in Prometheus.
/// </summary>
public sealed class FileDiscovery : IDisposable
{
    private readonly FileSdConfig _config;
    private readonly Action<IReadOnlyList<TargetGroup>> _onChange;
    private readonly ILogger _logger;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly ITimer _refresh;
    private readonly Lock _lock = new();
    private Dictionary<string, IReadOnlyList<TargetGroup>> _byFile = new(StringComparer.Ordinal);
    private IReadOnlyList<TargetGroup> _current = [];
    private bool _disposed;

    /// <summary>Reads the files once (so <see cref="Current"/> is filled on return), then watches them.</summary>
    public FileDiscovery(FileSdConfig config, TimeProvider timeProvider, ILogger logger, Action<IReadOnlyList<TargetGroup>> onChange)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _config = config;
        _onChange = onChange;
        _logger = logger;
        Refresh(notify: false);
        foreach (var directory in config.Files.Select(DirectoryOf).Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(directory)) continue;
            var watcher = new FileSystemWatcher(directory) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            watcher.Changed += OnFileEvent;
            watcher.Created += OnFileEvent;
            watcher.Deleted += OnFileEvent;
            watcher.Renamed += OnFileEvent;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
        _refresh = timeProvider.CreateTimer(_ => Refresh(notify: true), null, config.RefreshInterval, config.RefreshInterval);
    }

    /// <summary>The groups of every matching file, in file order.</summary>
    public IReadOnlyList<TargetGroup> Current
    {
        get
        {
            lock (_lock) return _current;
        }
    }

    /// <summary>Re-reads every file; calls back when the groups changed (and <paramref name="notify"/>).</summary>
    public void Refresh(bool notify = true)
    {
        IReadOnlyList<TargetGroup> changed;
        lock (_lock)
        {
            if (_disposed) return;
            var next = new Dictionary<string, IReadOnlyList<TargetGroup>>(StringComparer.Ordinal);
            foreach (var file in MatchingFiles())
            {
                try
                {
                    next[file] = TargetGroupFile.Parse(File.ReadAllText(file), file);
                }
                catch (Exception e) when (e is ScrapeConfigException or IOException or UnauthorizedAccessException)
                {
                    _logger.LogError("file_sd: cannot read {File}, keeping its previous targets: {Error}", file, e.Message);
                    if (_byFile.TryGetValue(file, out var previous)) next[file] = previous;
                }
            }
            var groups = next.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value).ToArray();
            _byFile = next;
            if (groups.SequenceEqual(_current, TargetGroupComparer.Instance)) return;
            _current = groups;
            changed = groups;
        }
        if (notify) _onChange(changed);
    }

    private IEnumerable<string> MatchingFiles()
    {
        foreach (var pattern in _config.Files)
        {
            var directory = DirectoryOf(pattern);
            var name = Path.GetFileName(pattern);
            if (!name.Contains('*'))
            {
                if (File.Exists(pattern)) yield return Path.GetFullPath(pattern);
                continue;
            }
            if (!Directory.Exists(directory)) continue;
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                if (FileSystemName.MatchesSimpleExpression(name, Path.GetFileName(file), ignoreCase: false)) yield return file;
            }
        }
    }

    private static string DirectoryOf(string pattern)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(pattern));
        return string.IsNullOrEmpty(directory) ? Directory.GetCurrentDirectory() : directory;
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        try
        {
            Refresh(notify: true);
        }
        catch (Exception ex)
        {
            // A watcher callback has no caller to report to; the next refresh retries.
            _logger.LogError(ex, "file_sd: refresh after a file change failed");
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _refresh.Dispose();
        foreach (var watcher in _watchers) watcher.Dispose();
    }

    private sealed class TargetGroupComparer : IEqualityComparer<TargetGroup>
    {
        public static readonly TargetGroupComparer Instance = new();

        public bool Equals(TargetGroup? x, TargetGroup? y) =>
            x is not null && y is not null && x.Source == y.Source && x.Targets.SequenceEqual(y.Targets)
            && x.Labels.Count == y.Labels.Count && x.Labels.All(l => y.Labels.TryGetValue(l.Key, out var v) && v == l.Value);

        public int GetHashCode(TargetGroup obj) => obj.Source.GetHashCode(StringComparison.Ordinal);
    }
}
