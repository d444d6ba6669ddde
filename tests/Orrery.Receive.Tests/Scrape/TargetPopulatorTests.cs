using Orrery.Receive.Scrape;
using Orrery.Receive.Scrape.Config;

namespace Orrery.Receive.Tests.Scrape;

public class TargetPopulatorTests
{
    private static ScrapeJobConfig Job(string extra = "") =>
        ScrapeConfig.Parse($"scrape_configs:\n  - job_name: node\n    scrape_interval: 15s\n{extra}").Jobs[0];

    private static TargetGroup Group(params (string, string)[] labels) =>
        new(["ignored"], labels.ToDictionary(l => l.Item1, l => l.Item2), "test");

    [Fact]
    public void TargetLabelsAreJobInstanceAndGroupLabels()
    {
        var result = TargetPopulator.Populate(Job(), Group(("env", "prod"), ("__meta_zone", "a")), "host:9100");

        var target = Assert.IsType<ScrapeTarget>(result.Target);
        Assert.Equal("{env=\"prod\", instance=\"host:9100\", job=\"node\"}", target.Labels.ToString());
        Assert.Equal("http://host:9100/metrics", target.Url.ToString());
        Assert.Equal(TimeSpan.FromSeconds(15), target.Interval);
        Assert.Equal("a", target.DiscoveredLabels.Get("__meta_zone"));
        Assert.Equal("host:9100", target.DiscoveredLabels.Get("__address__"));
        Assert.Equal("/metrics", target.DiscoveredLabels.Get("__metrics_path__"));
        Assert.Equal("http", target.DiscoveredLabels.Get("__scheme__"));
        Assert.Equal("15s", target.DiscoveredLabels.Get("__scrape_interval__"));
        Assert.False(target.FullLabels.Has("__meta_zone"));
    }

    [Fact]
    public void RelabelingCanRewriteAddressSchemePathAndParams()
    {
        var job = Job("""
                params: {module: [http_2xx]}
                relabel_configs:
                  - {source_labels: [__address__], target_label: __param_target}
                  - {source_labels: [__param_target], target_label: instance}
                  - {target_label: __address__, replacement: 'prober:9115'}
                  - {target_label: __metrics_path__, replacement: /probe}
                  - {target_label: __scheme__, replacement: https}
            """);

        var target = TargetPopulator.Populate(job, Group(), "example.org").Target!;

        Assert.Equal("https://prober:9115/probe?module=http_2xx&target=example.org", target.Url.ToString());
        Assert.Equal("example.org", target.Labels.Get("instance"));
    }

    [Fact]
    public void AnAddressWithoutPortGetsTheSchemesDefault()
    {
        var target = TargetPopulator.Populate(Job(), Group(), "host").Target!;

        Assert.Equal("host:80", target.Labels.Get("instance"));
    }

    [Fact]
    public void DroppedTargetsKeepTheirDiscoveredLabels()
    {
        var job = Job("    relabel_configs:\n      - {source_labels: [env], regex: prod, action: keep}\n");

        var result = TargetPopulator.Populate(job, Group(("env", "dev")), "host:1");

        Assert.Null(result.Target);
        Assert.Null(result.Error);
        Assert.Equal("dev", result.DiscoveredLabels.Get("env"));
    }

    [Fact]
    public void RemovingTheAddressIsAnError()
    {
        var job = Job("    relabel_configs:\n      - {action: labeldrop, regex: __address__}\n");

        var result = TargetPopulator.Populate(job, Group(), "host:1");

        Assert.Null(result.Target);
        Assert.Equal("no address", result.Error);
    }
}
