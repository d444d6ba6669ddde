namespace Orrery.Pipeline.Configuration;

/// <summary>
/// The receivers a config may name. Their transports (listen addresses, TLS, size limits) are
/// Orrery's own flags, so a receiver's body is accepted and ignored: a collector config with
/// <c>protocols.grpc.endpoint</c> still loads, and the flag decides where Orrery listens.
/// </summary>
public static class ReceiverTypes
{
    public const string Otlp = "otlp";
    public const string PrometheusRemoteWrite = "prometheusremotewrite";
    public const string Loki = "loki";
    /// <summary>Prometheus scraping, configured by <c>scrape_configs</c>.</summary>
    public const string Prometheus = "prometheus";

    /// <summary>The canonical type for a config type name (the collector spells remote write two ways); null when unknown.</summary>
    public static string? Canonical(string type) => type switch
    {
        Otlp => Otlp,
        PrometheusRemoteWrite or "prometheus_remote_write" => PrometheusRemoteWrite,
        Loki => Loki,
        Prometheus => Prometheus,
        _ => null,
    };

    public static bool Supports(string canonicalType, PipelineSignal signal) => canonicalType switch
    {
        Otlp => true,
        PrometheusRemoteWrite or Prometheus => signal == PipelineSignal.Metrics,
        Loki => signal == PipelineSignal.Logs,
        _ => false,
    };

    public static readonly IReadOnlyList<string> All = [Otlp, PrometheusRemoteWrite, Loki, Prometheus];
}
