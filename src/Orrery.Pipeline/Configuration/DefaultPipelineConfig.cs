namespace Orrery.Pipeline.Configuration;

/// <summary>
/// What Orrery runs without <c>--config</c>, and what <c>orrery config default</c> prints to
/// start from: every span kept (no sampling), span metrics and the service graph derived from
/// all traces, and every signal stored locally.
/// </summary>
public static class DefaultPipelineConfig
{
    public const string Yaml = """
        # Orrery's built-in pipeline, in the OpenTelemetry Collector's configuration shape.
        # Listen addresses are Orrery's flags (--otlp-grpc, --otlp-http, --http); receiver
        # settings such as protocols.grpc.endpoint are accepted and ignored.
        receivers:
          otlp:
          prometheusremotewrite:
          prometheus:
          loki:

        processors:
          # Refuse new data with retryable errors (429/503, UNAVAILABLE) before the process
          # runs out of memory; clients retry and nothing acknowledged is lost.
          memory_limiter:
            check_interval: 1s
            limit_percentage: 80
            spike_limit_percentage: 20

        connectors:
          # RED metrics (traces_spanmetrics_*) from every span, before any sampling.
          spanmetrics:
          # Service graph edges (traces_service_graph_*) from client/server span pairs.
          servicegraph:

        exporters:
          # The local store.
          orrery:

        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter]
              exporters: [orrery, spanmetrics, servicegraph]
            metrics:
              receivers: [otlp, prometheusremotewrite, prometheus]
              processors: [memory_limiter]
              exporters: [orrery]
            metrics/derived:
              receivers: [spanmetrics, servicegraph]
              exporters: [orrery]
            logs:
              receivers: [otlp, loki]
              processors: [memory_limiter]
              exporters: [orrery]

        """;
}
