using Orrery.Receive.Scrape.Config;

namespace Orrery.Receive.Tests.Scrape;

public class ScrapeConfigTests
{
    [Fact]
    public void ReadsPrometheusShapedJobsWithDefaults()
    {
        var config = ScrapeConfig.Parse("""
            server:
              http: 127.0.0.1:3200   # Orrery's own keys are left alone
            global:
              scrape_interval: 15s
              evaluation_interval: 1m
            scrape_configs:
              - job_name: node
                static_configs:
                  - targets: ['host-a:9100', 'host-b:9100']
                    labels: {env: prod}
              - job_name: app
                scrape_interval: 1m30s
                scrape_timeout: 5s
                metrics_path: /prometheus
                scheme: https
                params: {module: [http_2xx, extra]}
                honor_labels: true
                honor_timestamps: false
                file_sd_configs:
                  - files: ['targets/*.json']
                    refresh_interval: 30s
                metric_relabel_configs:
                  - {source_labels: [__name__], regex: 'go_.*', action: drop}
            """, baseDirectory: "/etc/orrery");

        Assert.Equal(TimeSpan.FromSeconds(15), config.Global.ScrapeInterval);
        var node = config.Jobs[0];
        Assert.Equal("node", node.JobName);
        Assert.Equal(TimeSpan.FromSeconds(15), node.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), node.ScrapeTimeout);
        Assert.Equal("/metrics", node.MetricsPath);
        Assert.Equal("http", node.Scheme);
        Assert.False(node.HonorLabels);
        Assert.True(node.HonorTimestamps);
        Assert.Equal(["host-a:9100", "host-b:9100"], node.StaticConfigs[0].Targets);
        Assert.Equal("prod", node.StaticConfigs[0].Labels["env"]);

        var app = config.Jobs[1];
        Assert.Equal(TimeSpan.FromSeconds(90), app.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), app.ScrapeTimeout);
        Assert.Equal("/prometheus", app.MetricsPath);
        Assert.Equal("https", app.Scheme);
        Assert.Equal(["http_2xx", "extra"], app.Params["module"]);
        Assert.True(app.HonorLabels);
        Assert.False(app.HonorTimestamps);
        Assert.Equal("/etc/orrery/targets/*.json", app.FileSdConfigs[0].Files[0]);
        Assert.Equal(TimeSpan.FromSeconds(30), app.FileSdConfigs[0].RefreshInterval);
        Assert.Single(app.MetricRelabelConfigs);
    }

    [Fact]
    public void DefaultsWithoutGlobalAreOneMinuteAndTenSeconds()
    {
        var job = ScrapeConfig.Parse("scrape_configs:\n  - job_name: x\n").Jobs[0];

        Assert.Equal(TimeSpan.FromMinutes(1), job.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), job.ScrapeTimeout);
    }

    [Fact]
    public void AnUnsetGlobalTimeoutIsCappedByTheGlobalInterval()
    {
        var config = ScrapeConfig.Parse("""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: fast
                static_configs:
                  - targets: ["127.0.0.1:9090"]
            """);

        Assert.Equal(TimeSpan.FromSeconds(1), config.Global.ScrapeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), config.Jobs[0].ScrapeTimeout);
    }

    [Fact]
    public void AnUnsetTimeoutIsCappedByTheJobsInterval()
    {
        var job = ScrapeConfig.Parse("scrape_configs:\n  - job_name: x\n    scrape_interval: 5s\n").Jobs[0];

        Assert.Equal(TimeSpan.FromSeconds(5), job.ScrapeTimeout);
    }

    [Fact]
    public void NoScrapeSectionIsAnEmptyConfiguration() => Assert.Empty(ScrapeConfig.Parse("server: {}\n").Jobs);

    [Theory]
    [InlineData("scrape_configs:\n  - scrape_interval: 5s\n", "scrape_configs[0].job_name")]
    [InlineData("scrape_configs:\n  - job_name: a\n    scrape_interval: 5x\n", "scrape_configs[0].scrape_interval: invalid duration \"5x\"")]
    [InlineData("scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 10s\n", "scrape_configs[0].scrape_timeout: scrape timeout greater than scrape interval")]
    [InlineData("scrape_configs:\n  - job_name: a\n  - job_name: a\n", "scrape_configs[1].job_name: found multiple scrape configs")]
    [InlineData("scrape_configs:\n  - job_name: a\n    scheme: ftp\n", "scrape_configs[0].scheme: unknown scheme")]
    [InlineData("scrape_configs:\n  - job_name: a\n    colour: red\n", "scrape_configs[0].colour: unknown field")]
    [InlineData("scrape_configs:\n  - job_name: a\n    basic_auth: {username: u}\n", "scrape_configs[0].basic_auth: not supported")]
    [InlineData("scrape_configs:\n  - job_name: a\n    honor_labels: maybe\n", "scrape_configs[0].honor_labels: invalid boolean")]
    [InlineData("scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['http://h:1/metrics']\n", "scrape_configs[0].static_configs[0].targets[0]")]
    [InlineData("scrape_configs:\n  - job_name: a\n    file_sd_configs:\n      - files: ['targets.txt']\n", "scrape_configs[0].file_sd_configs[0].files[0]")]
    [InlineData("scrape_configs:\n  - job_name: a\n    metric_relabel_configs:\n      - {action: keep, regex: '('}\n", "scrape_configs[0].metric_relabel_configs[0].regex")]
    [InlineData("global:\n  scrape_interval: 5s\n  scrape_timeout: 10s\n", "global.scrape_timeout")]
    [InlineData("scrape_configs: [\n", "(yaml)")]
    public void ErrorsNameTheField(string yaml, string expected)
    {
        var e = Assert.Throws<ScrapeConfigException>(() => ScrapeConfig.Parse(yaml));

        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("15s", 15_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("500ms", 500)]
    [InlineData("1d", 86_400_000)]
    [InlineData("0", 0)]
    public void DurationsRoundTripInPrometheusForm(string text, long ms)
    {
        Assert.True(PromDuration.TryParse(text, out var duration));
        Assert.Equal(ms, (long)duration.TotalMilliseconds);
        Assert.Equal(text == "0" ? "0s" : text, PromDuration.Format(duration));
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("1m1h")]
    [InlineData("1.5s")]
    [InlineData("-1s")]
    public void InvalidDurations(string text) => Assert.False(PromDuration.TryParse(text, out _));
}
