using System.Globalization;
using Orrery.Pipeline.Configuration;

namespace Orrery.PipelineBench;

/// <summary>The pipeline configurations measured, in the shape Orrery reads with --config.</summary>
internal static class BenchPipelines
{
    /// <summary>
    /// The typical sampled pipeline (the one the pipeline tests check): span metrics and the
    /// service graph see every span, the store only what tail sampling keeps.
    /// <paramref name="policy"/> is one policy entry.
    /// </summary>
    public static string Full(string policy, TimeSpan decisionWait) => SampledPipelineConfig.Yaml([policy], decisionWait, numTraces: 1_000_000);

    /// <summary>Tail sampling alone (keep all unless another policy entry is given).</summary>
    public static string SamplingOnly(int numTraces, string decisionWait, string policy = KeepAll) => $$"""
        receivers:
          otlp:
        processors:
          tail_sampling:
            decision_wait: {{decisionWait}}
            num_traces: {{numTraces.ToString(CultureInfo.InvariantCulture)}}
            policies:
              - {{policy}}
        exporters:
          orrery:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [tail_sampling]
              exporters: [orrery]
        """;

    /// <summary>The receiver's fan-out to two pipelines (one copy of each batch).</summary>
    public const string TwoPipelines = """
        receivers:
          otlp:
        exporters:
          orrery:
        service:
          pipelines:
            traces/a:
              receivers: [otlp]
              exporters: [orrery]
            traces/b:
              receivers: [otlp]
              exporters: [orrery]
        """;

    /// <summary>One connector alone, its metrics to the (counting) metric sink.</summary>
    public static string Connector(string type) => $$"""
        receivers:
          otlp:
        connectors:
          {{type}}:
        exporters:
          orrery:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [{{type}}]
            metrics:
              receivers: [{{type}}]
              exporters: [orrery]
        """;

    public const string KeepAll = "{ name: all, type: always_sample }";

    public const string TenPercent = "{ name: some, type: probabilistic, probabilistic: { sampling_percentage: 10 } }";
}
