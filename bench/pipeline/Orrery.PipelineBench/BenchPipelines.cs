using System.Globalization;

namespace Orrery.PipelineBench;

/// <summary>The pipeline configurations measured, in the shape Orrery reads with --config.</summary>
internal static class BenchPipelines
{
    /// <summary>
    /// Span metrics and the service graph see every span (as in the default config), the store
    /// only what tail sampling keeps. <paramref name="policy"/> is one policy entry.
    /// </summary>
    public static string Full(string policy, TimeSpan decisionWait) => $$"""
        receivers:
          otlp:
        processors:
          tail_sampling:
            decision_wait: {{Millis(decisionWait)}}
            num_traces: 1000000
            policies:
              - {{policy}}
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
        """;

    /// <summary>Tail sampling alone, for the memory a buffered trace holds.</summary>
    public static string SamplingOnly(int numTraces) => $$"""
        receivers:
          otlp:
        processors:
          tail_sampling:
            decision_wait: 1h
            num_traces: {{numTraces.ToString(CultureInfo.InvariantCulture)}}
            policies:
              - { name: all, type: always_sample }
        exporters:
          orrery:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [tail_sampling]
              exporters: [orrery]
        """;

    public const string KeepAll = "{ name: all, type: always_sample }";

    public const string TenPercent = "{ name: some, type: probabilistic, probabilistic: { sampling_percentage: 10 } }";

    private static string Millis(TimeSpan wait) => ((long)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
