using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Orrery.EndToEnd.Tests.Support;

/// <summary>Hand-built OTLP requests (Google.Protobuf types), for what an SDK would never send.</summary>
internal static class OtlpMessages
{
    private static readonly Random Random = new(1234);

    public static byte[] NewTraceId()
    {
        var id = new byte[16];
        lock (Random) Random.NextBytes(id);
        id[0] |= 1; // never all zero
        return id;
    }

    public static byte[] NewSpanId()
    {
        var id = new byte[8];
        lock (Random) Random.NextBytes(id);
        id[0] |= 1;
        return id;
    }

    public static Span Span(byte[] traceId, byte[] spanId, string name, long startUnixNano, long durationNanos = 1_000_000) => new()
    {
        TraceId = ByteString.CopyFrom(traceId),
        SpanId = ByteString.CopyFrom(spanId),
        Name = name,
        Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Server,
        StartTimeUnixNano = (ulong)startUnixNano,
        EndTimeUnixNano = (ulong)(startUnixNano + durationNanos),
    };

    public static ExportTraceServiceRequest Request(string serviceName, params Span[] spans)
    {
        var scopeSpans = new ScopeSpans { Scope = new InstrumentationScope { Name = "e2e" } };
        scopeSpans.Spans.AddRange(spans);
        var resourceSpans = new ResourceSpans
        {
            Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = serviceName } } } },
        };
        resourceSpans.ScopeSpans.Add(scopeSpans);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    public static long NowUnixNano() => (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000) + 123_456;

    public static string Hex(byte[] id) => Convert.ToHexStringLower(id);
}
