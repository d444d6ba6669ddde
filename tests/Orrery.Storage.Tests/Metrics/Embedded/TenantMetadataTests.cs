using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;
using Orrery.Storage.Metrics.Embedded;

namespace Orrery.Storage.Tests.Metrics.Embedded;

public class TenantMetadataTests
{
    private static bool IsCurrent(TenantMetadata metadata, string family, MetricType type, string help, string unit) =>
        metadata.IsCurrent(System.Text.Encoding.UTF8.GetBytes(family), type, System.Text.Encoding.UTF8.GetBytes(help), System.Text.Encoding.UTF8.GetBytes(unit));

    [Theory]
    [InlineData("http_requests", "Requests served.", "")]
    [InlineData("latency_seconds", "Zeit für die Antwort — ⏱", "seconds")]
    [InlineData("", "", "")]
    public void Metadata_is_current_once_set_and_as_long_as_nothing_newer_came(string family, string help, string unit)
    {
        var metadata = new TenantMetadata();
        Assert.False(IsCurrent(metadata, family, MetricType.Counter, help, unit));

        metadata.Set(family, new MetricMetadata(MetricType.Counter, help, unit));
        Assert.True(IsCurrent(metadata, family, MetricType.Counter, help, unit));

        metadata.Set(family, new MetricMetadata(MetricType.Counter, help + ".", unit));
        Assert.False(IsCurrent(metadata, family, MetricType.Counter, help, unit));
        Assert.True(IsCurrent(metadata, family, MetricType.Counter, help + ".", unit));
    }

    [Fact]
    public void Any_difference_in_type_help_unit_or_family_is_not_current()
    {
        var metadata = new TenantMetadata();
        metadata.Set("rpc_duration_seconds", new MetricMetadata(MetricType.Histogram, "RPC latency.", "seconds"));

        Assert.False(IsCurrent(metadata, "rpc_duration_seconds", MetricType.Summary, "RPC latency.", "seconds"));
        Assert.False(IsCurrent(metadata, "rpc_duration_seconds", MetricType.Histogram, "RPC latency!", "seconds"));
        Assert.False(IsCurrent(metadata, "rpc_duration_seconds", MetricType.Histogram, "RPC latency.", "milliseconds"));
        Assert.False(IsCurrent(metadata, "rpc_duration_second", MetricType.Histogram, "RPC latency.", "seconds"));
        Assert.False(IsCurrent(metadata, "rpc_duration_seconds", MetricType.Histogram, "RPC latency. ", "seconds"));
    }

    [Fact]
    public void Long_names_and_help_texts_compare_whole()
    {
        var family = new string('f', 1000);
        var help = string.Concat(Enumerable.Repeat("ä help text ", 100));
        var metadata = new TenantMetadata();
        metadata.Set(family, new MetricMetadata(MetricType.Gauge, help, ""));

        Assert.True(IsCurrent(metadata, family, MetricType.Gauge, help, ""));
        Assert.False(IsCurrent(metadata, family, MetricType.Gauge, help[..^1] + "!", ""));
        Assert.False(IsCurrent(metadata, family + "g", MetricType.Gauge, help, ""));
    }
}
