using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Cli;
using Orrery.Configuration;
using Orrery.Hosting;
using Orrery.Signals.Metrics;

namespace Orrery.Tests.Cli;

public sealed class MetricLimitOptionsTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "orrery-limit-options-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    private ServeSettings Resolve(string[] args, Dictionary<string, string>? environment = null, string? configYaml = null)
    {
        var options = new ServeOptions();
        var command = new System.CommandLine.RootCommand();
        options.AddTo(command);
        var parse = command.Parse([.. args, "--data", _data]);
        Assert.Empty(parse.Errors);
        environment ??= [];
        return ServeSettingsResolver.Resolve(
            options.Collect(parse),
            name => environment.GetValueOrDefault(name),
            path => ConfigFile.Parse(configYaml ?? throw new InvalidOperationException("no config expected"), path));
    }

    [Theory]
    [InlineData("--metrics-max-series", "3", "limit of 3 active series")]
    [InlineData("--metrics-max-series-per-metric", "3", "limit of 3 series per metric")]
    public async Task A_store_opened_with_the_flag_refuses_the_series_past_the_limit(string flag, string value, string message)
    {
        var settings = Resolve([flag, value]);
        await using var stores = SignalStores.Create(settings, NullLoggerFactory.Instance);
        await stores.StartAsync(CancellationToken.None);

        var result = await stores.Metrics.ConsumeAsync("t", Batch(series: 4));

        Assert.Equal(3, result.AcceptedSamples);
        Assert.Equal(1, result.RejectedSamples);
        Assert.Contains(message, result.ErrorMessage);
        Assert.Contains("metric m", result.ErrorMessage);
    }

    [Fact]
    public async Task Zero_lifts_the_limit()
    {
        var settings = Resolve(["--metrics-max-series", "0", "--metrics-max-series-per-metric", "0"]);

        Assert.Equal(int.MaxValue, settings.MetricLimits(new()).MaxActiveSeries);
        Assert.Equal(int.MaxValue, settings.MetricLimits(new()).MaxSeriesPerMetric);
        await using var stores = SignalStores.Create(settings, NullLoggerFactory.Instance);
        await stores.StartAsync(CancellationToken.None);
        var result = await stores.Metrics.ConsumeAsync("t", Batch(series: 200));
        Assert.Equal(200, result.AcceptedSamples);
    }

    [Fact]
    public void Defaults_stay_the_TSDB_s_and_environment_and_config_file_work_too()
    {
        Assert.Equal(new Orrery.Storage.Metrics.Embedded.CardinalityLimits(), Resolve([]).MetricLimits(new()));

        var fromEnvironment = Resolve([], new() { ["ORRERY_METRICS_MAX_SERIES"] = "2000000" });
        var fromFile = Resolve([], new() { ["ORRERY_CONFIG"] = "orrery.yaml" }, "metrics-max-series-per-metric: 250000\n");

        Assert.Equal(2_000_000, fromEnvironment.MetricLimits(new()).MaxActiveSeries);
        Assert.Equal(250_000, fromFile.MetricLimits(new()).MaxSeriesPerMetric);
        Assert.Equal(1_000_000, fromFile.MetricLimits(new()).MaxActiveSeries);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("many")]
    [InlineData("3000000000")]
    public void A_bad_limit_is_an_error_naming_the_flag(string value)
    {
        var error = Assert.Throws<SettingsException>(() => Resolve(["--metrics-max-series", value]));

        Assert.Contains("--metrics-max-series", error.Message);
    }

    private static MetricBatch Batch(int series)
    {
        var batch = new MetricBatch();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < series; i++)
        {
            batch.BeginSeries();
            batch.AddLabel("__name__", "m");
            batch.AddLabel("i", i.ToString(CultureInfo.InvariantCulture));
            var s = batch.EndSeries(out _);
            batch.AddSample(s, now, i);
        }
        return batch;
    }
}
