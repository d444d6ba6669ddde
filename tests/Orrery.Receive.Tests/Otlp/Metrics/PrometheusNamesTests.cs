using System.Text;
using Orrery.Receive.Otlp.Metrics;
using Orrery.Signals;

namespace Orrery.Receive.Tests.Otlp.Metrics;

public class PrometheusNamesTests
{
    // Examples from the OpenTelemetry "Prometheus and OpenMetrics compatibility" specification
    // and the behaviour of Prometheus's OTLP translator.
    [Theory]
    [InlineData("http.server.duration", "s", false, false, "http_server_duration_seconds")]
    [InlineData("http.server.request.size", "By", false, false, "http_server_request_size_bytes")]
    [InlineData("request_duration_seconds", "s", false, false, "request_duration_seconds")]
    [InlineData("http.requests", "1", true, false, "http_requests_total")]
    [InlineData("http.requests.total", "1", true, false, "http_requests_total")]
    [InlineData("requests_total", "{request}", true, false, "requests_total")]
    [InlineData("bytes.sent", "By", true, false, "bytes_sent_total")]
    [InlineData("network.io", "By", true, false, "network_io_bytes_total")]
    [InlineData("cpu.utilization", "1", false, true, "cpu_utilization_ratio")]
    [InlineData("cpu.utilization", "1", false, false, "cpu_utilization")]
    [InlineData("memory.usage", "%", false, true, "memory_usage_percent")]
    [InlineData("speed", "m/s", false, true, "speed_meters_per_second")]
    [InlineData("throughput", "By/s", false, true, "throughput_bytes_per_second")]
    [InlineData("throughput_bytes_per_second", "By/s", false, true, "throughput_bytes_per_second")]
    [InlineData("packets", "{packets}/s", true, false, "packets_per_second_total")]
    [InlineData("queue.depth", "{item}", false, true, "queue_depth")]
    [InlineData("temperature", "Cel", false, true, "temperature_celsius")]
    [InlineData("jvm.memory.used", "MiBy", false, true, "jvm_memory_used_mebibytes")]
    [InlineData("foo--bar__baz", "", false, true, "foo_bar_baz")]
    [InlineData("_leading.and.trailing_", "", false, true, "leading_and_trailing")]
    [InlineData("2xx.responses", "", true, false, "_2xx_responses_total")]
    [InlineData("ns:rule.metric", "ms", false, true, "ns:rule_metric_milliseconds")]
    [InlineData("élan.vital", "", false, true, "lan_vital")]
    [InlineData("weird", "custom unit", false, true, "weird_custom_unit")]
    [InlineData("...", "", false, true, "")]
    public void Metric_names_follow_the_specification(string name, string unit, bool counter, bool gauge, string expected) =>
        Assert.Equal(expected, PrometheusNames.MetricName(name, unit, counter, gauge));

    [Theory]
    [InlineData("s", "seconds")]
    [InlineData("By/s", "bytes_per_second")]
    [InlineData("1", "")]
    [InlineData("{request}", "")]
    [InlineData("{packet}/s", "per_second")]
    [InlineData("ms", "milliseconds")]
    public void Units_become_words(string unit, string expected) => Assert.Equal(expected, PrometheusNames.UnitName(unit));

    [Theory]
    [InlineData("http.method", "http_method")]
    [InlineData("service.instance.id", "service_instance_id")]
    [InlineData("0day", "key_0day")]
    [InlineData("_private", "key_private")]
    [InlineData("__name__", "key_name_")]
    [InlineData("a..b", "a_b")]
    [InlineData("k8s.pod.name", "k8s_pod_name")]
    [InlineData("ünïcode", "key_n_code")]
    [InlineData("already_fine", "already_fine")]
    public void Label_names_are_escaped(string key, string expected)
    {
        var arena = new ByteArena();
        var name = PrometheusNames.AppendLabelName(Encoding.UTF8.GetBytes(key), arena);
        Assert.Equal(expected, arena.GetString(name));
        Assert.True(PrometheusNames.IsValidLabelName(arena.Get(name)));
        Assert.False(arena.GetString(name).StartsWith("__", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.005, "0.005")]
    [InlineData(1, "1")]
    [InlineData(2.5, "2.5")]
    [InlineData(1e-5, "0.00001")]
    [InlineData(1.5e21, "1500000000000000000000")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Floats_are_plain_decimal_label_values(double value, string expected) => Assert.Equal(expected, PrometheusFloat.Format(value));
}
