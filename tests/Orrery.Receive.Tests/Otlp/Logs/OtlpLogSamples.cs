using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Resource.V1;
using static Orrery.Receive.Tests.Otlp.OtlpSamples;

namespace Orrery.Receive.Tests.Otlp.Logs;

/// <summary>OTLP log requests built with Google.Protobuf, the reference encoder.</summary>
internal static class OtlpLogSamples
{
    public const ulong Time = 1_700_000_000_123_456_789;
    public const ulong Observed = 1_700_000_001_000_000_000;

    public static ByteString TraceIdBytes => ByteString.CopyFrom(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());

    public static ByteString SpanIdBytes => ByteString.CopyFrom(Enumerable.Range(0xA1, 8).Select(i => (byte)i).ToArray());

    public const string TraceIdHex = "0102030405060708090a0b0c0d0e0f10";
    public const string SpanIdHex = "a1a2a3a4a5a6a7a8";

    public static Resource Resource(params KeyValue[] attributes)
    {
        var resource = new Resource();
        resource.Attributes.AddRange(attributes);
        return resource;
    }

    public static ExportLogsServiceRequest Request(Resource resource, InstrumentationScope? scope, params LogRecord[] records)
    {
        var scopeLogs = new ScopeLogs { Scope = scope };
        scopeLogs.LogRecords.AddRange(records);
        var resourceLogs = new ResourceLogs { Resource = resource };
        resourceLogs.ScopeLogs.Add(scopeLogs);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resourceLogs);
        return request;
    }

    public static LogRecord Record(AnyValue body, ulong time = Time) => new() { TimeUnixNano = time, Body = body };

    /// <summary>A record with every field set.</summary>
    public static LogRecord FullRecord()
    {
        var record = new LogRecord
        {
            TimeUnixNano = Time,
            ObservedTimeUnixNano = Observed,
            SeverityNumber = SeverityNumber.Warn2,
            SeverityText = "Warning",
            Body = Str("payment declined"),
            DroppedAttributesCount = 2,
            Flags = 1,
            TraceId = TraceIdBytes,
            SpanId = SpanIdBytes,
            EventName = "payment.declined",
        };
        record.Attributes.Add(Kv("http.status_code", Int(402)));
        record.Attributes.Add(Kv("user.id", Str("u-7")));
        return record;
    }

    /// <summary>Service "checkout" in namespace "shop" on pod "checkout-1", plus two attributes that are not index labels.</summary>
    public static Resource CheckoutResource() => Resource(
        Kv("service.name", Str("checkout")),
        Kv("service.namespace", Str("shop")),
        Kv("k8s.pod.name", Str("checkout-1")),
        Kv("host.name", Str("node-3")),
        Kv("process.pid", Int(4242)));

    public static InstrumentationScope Scope()
    {
        var scope = new InstrumentationScope { Name = "Shop.Checkout", Version = "1.2.0", DroppedAttributesCount = 1 };
        scope.Attributes.Add(Kv("scope.kind", Str("lib")));
        return scope;
    }
}
