namespace Orrery.Pipeline.Exporters.Otlp;

/// <summary>The signal an OTLP exporter's queue carries: it picks the URL path, the gRPC method and the queue directory.</summary>
internal enum OtlpExportSignal
{
    Traces,
    Metrics,
    Logs,
}

internal static class OtlpExportSignals
{
    public static string Name(this OtlpExportSignal signal) => signal switch
    {
        OtlpExportSignal.Traces => "traces",
        OtlpExportSignal.Metrics => "metrics",
        _ => "logs",
    };

    /// <summary>The otlphttp key that gives this signal's full URL (<c>traces_endpoint</c>, …).</summary>
    public static string EndpointKey(this OtlpExportSignal signal) => signal.Name() + "_endpoint";

    public static string HttpPath(this OtlpExportSignal signal) => "/v1/" + signal.Name();

    public static string GrpcMethod(this OtlpExportSignal signal) => signal switch
    {
        OtlpExportSignal.Traces => "opentelemetry.proto.collector.trace.v1.TraceService/Export",
        OtlpExportSignal.Metrics => "opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
        _ => "opentelemetry.proto.collector.logs.v1.LogsService/Export",
    };
}
