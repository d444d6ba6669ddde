using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Receive.Scrape;
using Orrery.Receive.Scrape.Config;
using Orrery.Receive.Scrape.Exposition;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Tests.Scrape;

/// <summary>Scrape loops against a real HTTP server on 127.0.0.1, driven by a manual clock.</summary>
public sealed class ScrapeManagerTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly RecordingMetricConsumer _consumer = new();
    private FakeExporter _exporter = null!;
    private ScrapeManager _manager = null!;

    public async Task InitializeAsync()
    {
        _exporter = await FakeExporter.StartAsync();
        _manager = new ScrapeManager(_consumer, _time, NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        await _exporter.DisposeAsync();
    }

    private string Series(string name, string labels = "") =>
        $"{{__name__=\"{name}\", instance=\"{_exporter.Address}\", job=\"app\"{labels}}}";

    private ScrapeConfig Config(string extra = "") => ScrapeConfig.Parse($"""
        scrape_configs:
          - job_name: app
            scrape_interval: 10s
            static_configs:
              - targets: ['{_exporter.Address}']
        {extra}
        """);

    private async Task<(MetricBatch Batch, long Time)> NextScrapeAsync()
    {
        await _time.AdvanceToNextTimerAsync();
        var time = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var batch = await _consumer.NextAsync();
        await TargetsReportedAsync(time);
        return (batch, time);
    }

    /// <summary>
    /// A loop hands its batch to the consumer before it publishes the target's health,
    /// so the test waits for the health of this scrape before it reads the targets.
    /// </summary>
    private async Task TargetsReportedAsync(long scrapeTimeMs)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_manager.GetTargets().ActiveTargets.Any(t => t.LastScrape.ToUnixTimeMilliseconds() < scrapeTimeMs))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the scrape's target health was not published");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task ABatchTheStoreGivesBackServesTheNextScrapeWithOnlyItsSamples()
    {
        var releasing = new RecordingMetricConsumer { Releases = true };
        await using var manager = new ScrapeManager(releasing, _time, NullLogger.Instance);
        _exporter.Body = "a 1\nb 2\n";
        await manager.ApplyConfigAsync(Config());

        await _time.AdvanceToNextTimerAsync();
        var (first, firstSamples) = await releasing.NextWrittenAsync();
        _exporter.Body = "a 5\n";
        await _time.AdvanceToNextTimerAsync();
        var (second, secondSamples) = await releasing.NextWrittenAsync();

        Assert.Same(first, second);
        Assert.Equal(1, firstSamples.Single(s => s.Series == Series("a")).Value);
        // Single: nothing of the first scrape is left in the reused batch.
        Assert.Equal(5, secondSamples.Single(s => s.Series == Series("a")).Value);
        Assert.True(secondSamples.Single(s => s.Series == Series("b")).IsStale);
        Assert.Equal(1, secondSamples.Single(s => s.Series == Series("up")).Value);
        Assert.Equal(secondSamples.Count, secondSamples.Select(s => s.Series).Distinct().Count());
    }

    [Fact]
    public async Task ScrapesWriteUpAndStaleMarkersWhenSeriesOrTheTargetGoAway()
    {
        _exporter.Body = "# TYPE a counter\na 1\nb{x=\"y\"} 2\n";
        await _manager.ApplyConfigAsync(Config());
        Assert.Equal(TargetHealth.Unknown, _manager.GetTargets().ActiveTargets.Single().Health);

        var (first, t1) = await NextScrapeAsync();
        var samples = BatchReader.Samples(first).ToDictionary(s => s.Series);
        Assert.Equal(1, samples[Series("a")].Value);
        Assert.Equal(t1, samples[Series("a")].TimestampMs);
        Assert.Equal(2, samples[Series("b", ", x=\"y\"")].Value);
        Assert.Equal(1, samples[Series("up")].Value);
        Assert.Equal(2, samples[Series("scrape_samples_scraped")].Value);
        Assert.Equal(2, samples[Series("scrape_samples_post_metric_relabeling")].Value);
        Assert.Equal(2, samples[Series("scrape_series_added")].Value);
        Assert.True(samples.ContainsKey(Series("scrape_duration_seconds")));
        Assert.Equal(ExpositionFormats.AcceptHeader, _exporter.LastAccept);
        Assert.Contains("gzip", _exporter.LastAcceptEncoding);
        var status = _manager.GetTargets().ActiveTargets.Single();
        Assert.Equal(TargetHealth.Up, status.Health);
        Assert.Equal(t1, status.LastScrape.ToUnixTimeMilliseconds());

        // b disappears: a stale marker at this scrape's time.
        _exporter.Body = "a 3\n";
        var (second, t2) = await NextScrapeAsync();
        Assert.Equal(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(t2 - t1));
        samples = BatchReader.Samples(second).ToDictionary(s => s.Series);
        Assert.Equal(3, samples[Series("a")].Value);
        Assert.True(samples[Series("b", ", x=\"y\"")].IsStale);
        Assert.Equal(t2, samples[Series("b", ", x=\"y\"")].TimestampMs);
        Assert.Equal(0, samples[Series("scrape_series_added")].Value);

        // The target fails: up = 0 and everything it exposed goes stale.
        _exporter.StatusCode = 500;
        var (third, t3) = await NextScrapeAsync();
        samples = BatchReader.Samples(third).ToDictionary(s => s.Series);
        Assert.Equal(0, samples[Series("up")].Value);
        Assert.True(samples[Series("a")].IsStale);
        Assert.Equal(t3, samples[Series("a")].TimestampMs);
        Assert.Equal(0, samples[Series("scrape_samples_scraped")].Value);
        status = _manager.GetTargets().ActiveTargets.Single();
        Assert.Equal(TargetHealth.Down, status.Health);
        Assert.Contains("HTTP status 500", status.LastError);

        // Back up.
        _exporter.StatusCode = 200;
        _exporter.Body = "a 5\n";
        var (fourth, _) = await NextScrapeAsync();
        samples = BatchReader.Samples(fourth).ToDictionary(s => s.Series);
        Assert.Equal(5, samples[Series("a")].Value);
        Assert.Equal(1, samples[Series("up")].Value);
        Assert.Equal("", _manager.GetTargets().ActiveTargets.Single().LastError);

        // The target leaves the configuration: its series and its synthetic series go stale.
        await _manager.ApplyConfigAsync(ScrapeConfig.Empty);
        var last = await _consumer.NextAsync();
        var stale = BatchReader.Samples(last).Where(s => s.IsStale).Select(s => s.Series).ToHashSet();
        Assert.Contains(Series("a"), stale);
        Assert.Contains(Series("up"), stale);
        Assert.Contains(Series("scrape_duration_seconds"), stale);
        Assert.Empty(_manager.GetTargets().ActiveTargets);
    }

    [Fact]
    public async Task MalformedOutputFailsTheScrape()
    {
        _exporter.Body = "a 1\nb{ 2\n";
        await _manager.ApplyConfigAsync(Config());

        var (batch, _) = await NextScrapeAsync();

        Assert.Equal(0, BatchReader.Single(batch, Series("up")).Value);
        Assert.DoesNotContain(BatchReader.Samples(batch), s => s.Series == Series("a"));
        Assert.StartsWith("line 2:", _manager.GetTargets().ActiveTargets.Single().LastError);
    }

    [Fact]
    public async Task OpenMetricsAnswersCarryExemplarsThroughGzip()
    {
        _exporter.ContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
        _exporter.Body = ExpositionSamples.OpenMetrics;
        await _manager.ApplyConfigAsync(Config());

        var (batch, _) = await NextScrapeAsync();

        Assert.Equal(1, BatchReader.Single(batch, Series("up")).Value);
        Assert.Equal(2, batch.Exemplars.Count);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", BatchReader.ExemplarLabels(batch, 0)["trace_id"]);
        Assert.Equal(1520879607789, BatchReader.Single(batch, Series("foo_total")).TimestampMs);
    }

    [Fact]
    public async Task ReloadKeepsTheLoopAndStateOfAnUnchangedTarget()
    {
        _exporter.Body = "a{job=\"inner\"} 1\n";
        await _manager.ApplyConfigAsync(Config());
        await NextScrapeAsync();

        await _manager.ApplyConfigAsync(Config("""
              - job_name: other
                static_configs:
                  - targets: ['dropped:1']
                relabel_configs:
                  - {source_labels: [__address__], regex: 'dropped:.*', action: drop}
            """));

        Assert.False(_consumer.TryTake(out _));
        var targets = _manager.GetTargets();
        var kept = targets.ActiveTargets.Single();
        Assert.Equal(TargetHealth.Up, kept.Health);
        Assert.Equal("app", kept.ScrapePool);
        Assert.Equal($"http://{_exporter.Address}/metrics", kept.ScrapeUrl);
        Assert.Equal("10s", kept.ScrapeInterval);
        Assert.Equal("10s", kept.ScrapeTimeout);
        Assert.Equal(_exporter.Address, kept.DiscoveredLabels["__address__"]);
        Assert.Equal("dropped:1", targets.DroppedTargets.Single().DiscoveredLabels["__address__"]);

        var (batch, _) = await NextScrapeAsync();
        Assert.Equal(0, BatchReader.Single(batch, Series("scrape_series_added")).Value);
    }

    [Fact]
    public async Task FileDiscoveredTargetsFollowTheFile()
    {
        var directory = Directory.CreateTempSubdirectory("orrery-scrape-");
        try
        {
            var file = Path.Combine(directory.FullName, "targets.json");
            await File.WriteAllTextAsync(file, "[]");
            _exporter.Body = "a 1\n";
            await _manager.ApplyConfigAsync(ScrapeConfig.Parse($"""
                scrape_configs:
                  - job_name: app
                    scrape_interval: 10s
                    file_sd_configs:
                      - files: ['{directory.FullName}/*.json']
                        refresh_interval: 1m
                """));
            Assert.Empty(_manager.GetTargets().ActiveTargets);

            await File.WriteAllTextAsync(file, "[{\"targets\": [\"" + _exporter.Address + "\"], \"labels\": {\"team\": \"a\"}}]");
            // Whether the watcher or the refresh timer sees the change first, a scrape of the new target follows.
            MetricBatch? batch;
            while (!_consumer.TryTake(out batch))
            {
                await _time.AdvanceToNextTimerAsync();
                await Task.Yield();
            }

            var up = BatchReader.Samples(batch!).Single(s => s.Series.StartsWith("{__name__=\"up\"", StringComparison.Ordinal));
            Assert.Equal($"{{__name__=\"up\", instance=\"{_exporter.Address}\", job=\"app\", team=\"a\"}}", up.Series);
            Assert.Equal(file, _manager.GetTargets().ActiveTargets.Single().DiscoveredLabels["__meta_filepath"]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
