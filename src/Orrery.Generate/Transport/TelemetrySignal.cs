namespace Orrery.Generate.Transport;

/// <summary>The three OTLP signals; each has its own gRPC service and HTTP path.</summary>
public enum TelemetrySignal
{
    Traces,
    Metrics,
    Logs,
}

internal static class TelemetrySignalPaths
{
    public static string GrpcExportPath(TelemetrySignal signal) => signal switch
    {
        TelemetrySignal.Traces => "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
        TelemetrySignal.Metrics => "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
        _ => "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
    };

    public static string HttpPath(TelemetrySignal signal) => signal switch
    {
        TelemetrySignal.Traces => "/v1/traces",
        TelemetrySignal.Metrics => "/v1/metrics",
        _ => "/v1/logs",
    };
}
