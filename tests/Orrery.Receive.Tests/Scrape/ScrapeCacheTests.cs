using System.Text;
using Orrery.Receive.Scrape;
using Orrery.Receive.Scrape.Config;
using Orrery.Receive.Scrape.Exposition;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Tests.Scrape;

public class ScrapeCacheTests
{
    private static readonly LabelSet Target = LabelSet.From(("job", "node"), ("instance", "h:1"));

    private static ScrapeJobConfig Job(string extra = "") => ScrapeConfig.Parse($"scrape_configs:\n  - job_name: node\n{extra}").Jobs[0];

    private static (MetricBatch Batch, ScrapeCounts Counts) Scrape(ScrapeCache cache, string body, long ts, ScrapeJobConfig job,
        ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        var batch = new MetricBatch();
        var counts = cache.Append(Encoding.UTF8.GetBytes(body), format, ts, job, batch);
        return (batch, counts);
    }

    [Fact]
    public void TargetLabelsAreAddedAndConflictingOnesExported()
    {
        var (batch, _) = Scrape(new ScrapeCache(Target), "a{job=\"inner\",exported_job=\"x\"} 1\nb{x=\"1\"} 2\n", 1000, Job());

        Assert.Equal(
            ["{__name__=\"a\", exported_exported_job=\"inner\", exported_job=\"x\", instance=\"h:1\", job=\"node\"}",
             "{__name__=\"b\", instance=\"h:1\", job=\"node\", x=\"1\"}"],
            BatchReader.Samples(batch).Select(s => s.Series));
    }

    [Fact]
    public void HonorLabelsKeepsScrapedValues()
    {
        var (batch, _) = Scrape(new ScrapeCache(Target), "a{job=\"inner\"} 1\n", 1000, Job("    honor_labels: true\n"));

        Assert.Equal("{__name__=\"a\", instance=\"h:1\", job=\"inner\"}", BatchReader.Samples(batch).Single().Series);
    }

    [Fact]
    public void SeriesMissingFromTheNextScrapeGetAStaleMarkerAtThatScrapesTime()
    {
        var cache = new ScrapeCache(Target);
        var job = Job();
        Scrape(cache, "a 1\nb 2\n", 1000, job);

        var (batch, counts) = Scrape(cache, "a 3\n", 2000, job);

        var samples = BatchReader.Samples(batch);
        Assert.Equal(2, samples.Count);
        Assert.Equal(3, samples.Single(s => s.Series.Contains("\"a\"")).Value);
        var stale = samples.Single(s => s.Series.Contains("\"b\""));
        Assert.True(stale.IsStale);
        Assert.Equal(2000, stale.TimestampMs);
        Assert.Equal(new ScrapeCounts(1, 1, 0), counts);

        // Gone means gone: no second stale marker, and its return counts as added.
        var (third, thirdCounts) = Scrape(cache, "a 4\nb 5\n", 3000, job);
        Assert.DoesNotContain(BatchReader.Samples(third), s => s.IsStale);
        Assert.Equal(1, thirdCounts.SeriesAdded);
    }

    [Fact]
    public void FailureMakesEverySeriesStale()
    {
        var cache = new ScrapeCache(Target);
        Scrape(cache, "a 1\nb 2\n", 1000, Job());

        var batch = new MetricBatch();
        cache.AppendFailure(2000, batch);

        Assert.Equal(2, BatchReader.Samples(batch).Count(s => s.IsStale && s.TimestampMs == 2000));
        Assert.Equal(0, cache.ActiveSeries);
    }

    [Fact]
    public void SeriesWithHonoredTimestampsGetNoStaleMarkers()
    {
        var cache = new ScrapeCache(Target);
        var (first, _) = Scrape(cache, "a 1 500\nb 2\n", 1000, Job());
        Assert.Equal(500, BatchReader.Single(first, "{__name__=\"a\", instance=\"h:1\", job=\"node\"}").TimestampMs);

        var (batch, _) = Scrape(cache, "", 2000, Job());

        Assert.Equal(["{__name__=\"b\", instance=\"h:1\", job=\"node\"}"], BatchReader.Samples(batch).Select(s => s.Series));
    }

    [Fact]
    public void MetricRelabelingDropsAndRewritesScrapedSeries()
    {
        var job = Job("""
                metric_relabel_configs:
                  - {source_labels: [__name__], regex: 'go_.*', action: drop}
                  - {source_labels: [__name__], regex: '(.*)_seconds', target_label: __name__, replacement: '${1}_s'}
            """);

        var (batch, counts) = Scrape(new ScrapeCache(Target), "go_goroutines 5\nlatency_seconds 0.5\n", 1000, job);

        Assert.Equal(["{__name__=\"latency_s\", instance=\"h:1\", job=\"node\"}"], BatchReader.Samples(batch).Select(s => s.Series));
        Assert.Equal(new ScrapeCounts(2, 1, 1), counts);
    }

    [Fact]
    public void ADuplicateSeriesInOneScrapeKeepsItsFirstSample()
    {
        var (batch, counts) = Scrape(new ScrapeCache(Target), "a{x=\"1\",y=\"2\"} 1\na{y=\"2\",x=\"1\"} 2\n", 1000, Job());

        Assert.Equal(1, BatchReader.Samples(batch).Single().Value);
        Assert.Equal(2, counts.Scraped);
        Assert.Equal(1, counts.PostMetricRelabeling);
    }

    [Fact]
    public void ReportSeriesCarryTargetLabelsAndTheCounts()
    {
        var cache = new ScrapeCache(Target);
        var batch = new MetricBatch();

        cache.AppendReport(1000, up: true, TimeSpan.FromMilliseconds(250), new ScrapeCounts(10, 8, 3), batch);

        var samples = BatchReader.Samples(batch).ToDictionary(s => s.Series, s => s.Value);
        Assert.Equal(1, samples["{__name__=\"up\", instance=\"h:1\", job=\"node\"}"]);
        Assert.Equal(0.25, samples["{__name__=\"scrape_duration_seconds\", instance=\"h:1\", job=\"node\"}"]);
        Assert.Equal(10, samples["{__name__=\"scrape_samples_scraped\", instance=\"h:1\", job=\"node\"}"]);
        Assert.Equal(8, samples["{__name__=\"scrape_samples_post_metric_relabeling\", instance=\"h:1\", job=\"node\"}"]);
        Assert.Equal(3, samples["{__name__=\"scrape_series_added\", instance=\"h:1\", job=\"node\"}"]);
    }

    [Fact]
    public void ExemplarsAndMetadataReachTheBatch()
    {
        var (batch, _) = Scrape(new ScrapeCache(Target), ExpositionSamples.OpenMetrics, 1000, Job(), ExpositionFormat.OpenMetrics);

        Assert.Equal(2, batch.Exemplars.Count);
        Assert.Equal("node", BatchReader.Labels(batch, batch.Exemplars[0].Series).Get("job"));
        Assert.Contains(batch.Metadata.AsSpan().ToArray(), m => batch.String(m.MetricFamily) == "foo" && m.Type == MetricType.Counter);
    }

    [Fact]
    public void ChangedSettingsRecomputeCachedSeriesButKeepStaleness()
    {
        var cache = new ScrapeCache(Target);
        Scrape(cache, "a{job=\"inner\"} 1\n", 1000, Job());

        var (batch, _) = Scrape(cache, "a{job=\"inner\"} 1\n", 2000, Job("    honor_labels: true\n"));

        var samples = BatchReader.Samples(batch);
        Assert.Contains(samples, s => s.Series == "{__name__=\"a\", instance=\"h:1\", job=\"inner\"}" && s.Value == 1);
        Assert.Contains(samples, s => s.Series == "{__name__=\"a\", exported_job=\"inner\", instance=\"h:1\", job=\"node\"}" && s.IsStale);
    }

    [Fact]
    public void AFailureHalfWayThroughMarksOnlyWhatThePreviousScrapeWrote()
    {
        var cache = new ScrapeCache(Target);
        Scrape(cache, "a 1\n", 1000, Job());

        Assert.Throws<ExpositionFormatException>(() => Scrape(cache, "a 2\nnew 3\nbroken{ 4\n", 2000, Job()));
        var batch = new MetricBatch();
        cache.AppendFailure(2000, batch);

        Assert.Equal(["{__name__=\"a\", instance=\"h:1\", job=\"node\"}"], BatchReader.Samples(batch).Where(s => s.IsStale).Select(s => s.Series));
    }
}
