using System.Globalization;
using System.Text;

namespace Orrery.Pipeline.Configuration;

/// <summary>
/// The typical tail-sampled pipeline, as YAML in the collector's shape (the one
/// <c>Sampling/README.md</c> shows): span metrics and the service graph see every span, so their
/// numbers stay true; the store sees only what <c>tail_sampling</c> keeps; optionally logs follow
/// their traces' decisions (<c>trace_follow</c>). Tests and benchmarks build it here, so the shape
/// they check and measure is one and the same.
/// </summary>
public static class SampledPipelineConfig
{
    /// <param name="policies">tail_sampling policies, one flow-style YAML mapping each, e.g. <c>{ name: all, type: always_sample }</c>.</param>
    /// <param name="decisionWait">decision_wait; the processor's default (10 s) when null.</param>
    /// <param name="numTraces">num_traces; the processor's default when null.</param>
    /// <param name="logsFollowTraces">Adds a logs pipeline whose records follow their traces' decisions.</param>
    public static string Yaml(IEnumerable<string> policies, TimeSpan? decisionWait = null, int? numTraces = null, bool logsFollowTraces = false)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var yaml = new StringBuilder();
        yaml.Append("receivers:\n  otlp:\nprocessors:\n  tail_sampling:\n");
        if (decisionWait is { } wait) yaml.Append(CultureInfo.InvariantCulture, $"    decision_wait: {(long)wait.TotalMilliseconds}ms\n");
        if (numTraces is { } n) yaml.Append(CultureInfo.InvariantCulture, $"    num_traces: {n}\n");
        yaml.Append("    policies:\n");
        foreach (var policy in policies) yaml.Append("      - ").Append(policy).Append('\n');
        if (logsFollowTraces) yaml.Append("  trace_follow:\n");
        yaml.Append("""
            connectors:
              spanmetrics:
              servicegraph:
            exporters:
              orrery:
            service:
              pipelines:
                traces/all:
                  receivers: [otlp]
                  exporters: [spanmetrics, servicegraph]
                traces:
                  receivers: [otlp]
                  processors: [tail_sampling]
                  exporters: [orrery]
                metrics/derived:
                  receivers: [spanmetrics, servicegraph]
                  exporters: [orrery]

            """);
        if (logsFollowTraces) yaml.Append("    logs:\n      receivers: [otlp]\n      processors: [trace_follow]\n      exporters: [orrery]\n");
        return yaml.ToString();
    }
}
