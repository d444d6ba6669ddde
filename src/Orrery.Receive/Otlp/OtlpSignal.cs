namespace Orrery.Receive.Otlp;

/// <summary>
/// What distinguishes one OTLP signal on the wire: its gRPC method, its HTTP path, and the
/// name of the rejected-items counter in its partial-success response (the three
/// <c>Export*PartialSuccess</c> messages share field numbers and differ only in that name).
/// </summary>
public sealed record OtlpSignal(string Name, string GrpcPath, string HttpPath, string RejectedJsonName)
{
    public static OtlpSignal Traces { get; } = new("traces", "/opentelemetry.proto.collector.trace.v1.TraceService/Export", "/v1/traces", "rejectedSpans");

    public static OtlpSignal Metrics { get; } = new("metrics", "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", "/v1/metrics", "rejectedDataPoints");

    public static OtlpSignal Logs { get; } = new("logs", "/opentelemetry.proto.collector.logs.v1.LogsService/Export", "/v1/logs", "rejectedLogRecords");
}
