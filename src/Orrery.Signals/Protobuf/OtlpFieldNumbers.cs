namespace Orrery.Signals.Protobuf;

/// <summary>
/// Field numbers of the OTLP trace messages (opentelemetry-proto: common/v1/common.proto,
/// resource/v1/resource.proto, trace/v1/trace.proto, collector/trace/v1/trace_service.proto).
/// One place for the facts the readers and writers share.
/// </summary>
public static class OtlpFieldNumbers
{
    /// <summary>ExportTraceServiceRequest, TracesData and Tempo's tempopb.Trace share this layout.</summary>
    public static class TracesData
    {
        public const int ResourceSpans = 1;
    }

    public static class ResourceSpans
    {
        public const int Resource = 1;
        public const int ScopeSpans = 2;
        public const int SchemaUrl = 3;
    }

    public static class Resource
    {
        public const int Attributes = 1;
        public const int DroppedAttributesCount = 2;
        public const int EntityRefs = 3;
    }

    public static class ScopeSpans
    {
        public const int Scope = 1;
        public const int Spans = 2;
        public const int SchemaUrl = 3;
    }

    public static class InstrumentationScope
    {
        public const int Name = 1;
        public const int Version = 2;
        public const int Attributes = 3;
        public const int DroppedAttributesCount = 4;
    }

    public static class Span
    {
        public const int TraceId = 1;
        public const int SpanId = 2;
        public const int TraceState = 3;
        public const int ParentSpanId = 4;
        public const int Name = 5;
        public const int Kind = 6;
        public const int StartTimeUnixNano = 7;
        public const int EndTimeUnixNano = 8;
        public const int Attributes = 9;
        public const int DroppedAttributesCount = 10;
        public const int Events = 11;
        public const int DroppedEventsCount = 12;
        public const int Links = 13;
        public const int DroppedLinksCount = 14;
        public const int Status = 15;
        public const int Flags = 16;
    }

    public static class Event
    {
        public const int TimeUnixNano = 1;
        public const int Name = 2;
        public const int Attributes = 3;
        public const int DroppedAttributesCount = 4;
    }

    public static class Link
    {
        public const int TraceId = 1;
        public const int SpanId = 2;
        public const int TraceState = 3;
        public const int Attributes = 4;
        public const int DroppedAttributesCount = 5;
        public const int Flags = 6;
    }

    /// <summary>Field 1 is reserved (the deprecated code).</summary>
    public static class Status
    {
        public const int Message = 2;
        public const int Code = 3;
    }

    public static class KeyValue
    {
        public const int Key = 1;
        public const int Value = 2;
    }

    /// <summary>The <c>value</c> oneof.</summary>
    public static class AnyValue
    {
        public const int StringValue = 1;
        public const int BoolValue = 2;
        public const int IntValue = 3;
        public const int DoubleValue = 4;
        public const int ArrayValue = 5;
        public const int KvlistValue = 6;
        public const int BytesValue = 7;
    }

    /// <summary>ArrayValue.values and KeyValueList.values.</summary>
    public static class ValueList
    {
        public const int Values = 1;
    }

    /// <summary>ExportTraceServiceResponse and its ExportTracePartialSuccess.</summary>
    public static class ExportTraceServiceResponse
    {
        public const int PartialSuccess = 1;
        public const int RejectedSpans = 1;
        public const int ErrorMessage = 2;
    }
}
