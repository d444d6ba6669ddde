namespace Orrery.Signals.Protobuf;

/// <summary>
/// Field numbers of the OTLP logs messages (opentelemetry-proto: logs/v1/logs.proto,
/// collector/logs/v1/logs_service.proto). Resource, InstrumentationScope, KeyValue and AnyValue
/// are shared with traces: see <see cref="OtlpFieldNumbers"/>.
/// </summary>
public static class OtlpLogsFieldNumbers
{
    /// <summary>ExportLogsServiceRequest and LogsData share this layout.</summary>
    public static class LogsData
    {
        public const int ResourceLogs = 1;
    }

    public static class ResourceLogs
    {
        public const int Resource = 1;
        public const int ScopeLogs = 2;
        public const int SchemaUrl = 3;
    }

    public static class ScopeLogs
    {
        public const int Scope = 1;
        public const int LogRecords = 2;
        public const int SchemaUrl = 3;
    }

    /// <summary>Field 4 is reserved.</summary>
    public static class LogRecord
    {
        public const int TimeUnixNano = 1;
        public const int SeverityNumber = 2;
        public const int SeverityText = 3;
        public const int Body = 5;
        public const int Attributes = 6;
        public const int DroppedAttributesCount = 7;
        public const int Flags = 8;
        public const int TraceId = 9;
        public const int SpanId = 10;
        public const int ObservedTimeUnixNano = 11;
        public const int EventName = 12;
    }
}
