using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Receive.Scrape.Config;
using Orrery.Receive.Scrape.Discovery;

namespace Orrery.Receive.Tests.Scrape;

public sealed class FileDiscoveryTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("orrery-filesd-");
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    /// <summary>Replaces a file in one step, as deployment tools do, so the watcher never sees it half written.</summary>
    private void Replace(string name, string text)
    {
        var temporary = Path.Combine(_directory.FullName, name + ".tmp");
        File.WriteAllText(temporary, text);
        File.Move(temporary, PathOf(name), overwrite: true);
    }

    private FileDiscovery Start(Action<IReadOnlyList<TargetGroup>>? onChange = null) =>
        new(new FileSdConfig([PathOf("*.json"), PathOf("static.yml")], TimeSpan.FromMinutes(1)), _time, NullLogger.Instance, onChange ?? (_ => { }));

    [Fact]
    public void ReadsJsonAndYamlGroupsMatchingThePatterns()
    {
        File.WriteAllText(PathOf("a.json"), """[{"targets": ["h1:9100", "h2:9100"], "labels": {"env": "prod"}}]""");
        File.WriteAllText(PathOf("static.yml"), "- targets: ['h3:9100']\n");
        File.WriteAllText(PathOf("ignored.txt"), "not a target file");

        using var discovery = Start();

        Assert.Equal(2, discovery.Current.Count);
        var json = discovery.Current.Single(g => g.Labels[TargetGroupFile.FilePathLabel] == PathOf("a.json"));
        Assert.Equal(["h1:9100", "h2:9100"], json.Targets);
        Assert.Equal("prod", json.Labels["env"]);
        Assert.Equal(["h3:9100"], discovery.Current.Single(g => g.Targets.Contains("h3:9100")).Targets);
    }

    [Fact]
    public void TheRefreshIntervalPicksUpChangesAndABrokenFileKeepsItsLastGroups()
    {
        Replace("a.json", """[{"targets": ["h1:9100"]}]""");
        var changes = new List<IReadOnlyList<TargetGroup>>();
        using var discovery = Start(groups =>
        {
            lock (changes) changes.Add(groups);
        });

        Replace("a.json", """[{"targets": ["h1:9100", "h2:9100"]}]""");
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["h1:9100", "h2:9100"], discovery.Current.Single().Targets);
        // The file watcher may have seen the change first: it publishes Current, then calls back
        // outside the lock, so the callback can trail Current by a moment on its thread.
        Assert.True(SpinWait.SpinUntil(() => { lock (changes) return changes.Count > 0; }, TimeSpan.FromSeconds(10)));

        Replace("a.json", """[{"targets": [""");
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["h1:9100", "h2:9100"], discovery.Current.Single().Targets);

        File.Delete(PathOf("a.json"));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(discovery.Current);
    }

    [Fact]
    public async Task TheWatcherReportsAChangedFile()
    {
        File.WriteAllText(PathOf("a.json"), "[]");
        var changed = new TaskCompletionSource<IReadOnlyList<TargetGroup>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var discovery = Start(groups =>
        {
            if (groups.Count > 0) changed.TrySetResult(groups);
        });

        File.WriteAllText(PathOf("a.json"), """[{"targets": ["h9:1"]}]""");

        // No clock is advanced: only the file system watcher can report this. The wait is a safety net.
        var groups = await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["h9:1"], groups.Single().Targets);
    }

    [Theory]
    [InlineData("{\"targets\": []}", "expected a list of target groups")]
    [InlineData("[{\"targets\": [\"a:1\"], \"labels\": {\"0bad\": \"x\"}}]", "not a valid label name")]
    [InlineData("[{\"hosts\": []}]", "unknown field")]
    public void InvalidFilesAreRefusedWithTheFileName(string text, string reason)
    {
        var e = Assert.Throws<ScrapeConfigException>(() => TargetGroupFile.Parse(text, "/sd/x.json"));

        Assert.StartsWith("/sd/x.json", e.Message);
        Assert.Contains(reason, e.Message);
    }
}
