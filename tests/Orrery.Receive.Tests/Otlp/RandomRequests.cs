using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

using Span = OpenTelemetry.Proto.Trace.V1.Span;

namespace Orrery.Receive.Tests.Otlp;

/// <summary>
/// Seeded random requests that follow the conventions in <see cref="OtlpSamples"/> and have only
/// valid ids, for round-trip tests over shapes nobody wrote by hand.
/// </summary>
internal static class RandomRequests
{
    public static ExportTraceServiceRequest Create(int seed)
    {
        var random = new Random(seed);
        var request = new ExportTraceServiceRequest();
        for (var r = random.Next(1, 4); r > 0; r--)
        {
            var resource = new Resource { DroppedAttributesCount = (uint)random.Next(3) };
            resource.Attributes.AddRange(Attributes(random, 0));
            var rs = new ResourceSpans { Resource = resource, SchemaUrl = random.Next(2) == 0 ? "" : Text(random) };
            for (var s = random.Next(1, 4); s > 0; s--)
            {
                var scope = new InstrumentationScope { Name = Text(random), Version = Text(random), DroppedAttributesCount = (uint)random.Next(2) };
                scope.Attributes.AddRange(Attributes(random, 0));
                var ss = new ScopeSpans { Scope = scope, SchemaUrl = random.Next(2) == 0 ? "" : Text(random) };
                for (var n = random.Next(1, 6); n > 0; n--) ss.Spans.Add(Span(random));
                rs.ScopeSpans.Add(ss);
            }
            request.ResourceSpans.Add(rs);
        }
        return request;
    }

    private static Span Span(Random random)
    {
        var span = new Span
        {
            TraceId = Id(random, 16),
            SpanId = Id(random, 8),
            ParentSpanId = random.Next(3) == 0 ? ByteString.Empty : Id(random, 8),
            TraceState = random.Next(2) == 0 ? "" : Text(random),
            Flags = (uint)random.Next(),
            Name = Text(random),
            Kind = (Span.Types.SpanKind)random.Next(6),
            StartTimeUnixNano = (ulong)random.NextInt64(),
            EndTimeUnixNano = (ulong)random.NextInt64() * 2,
            DroppedAttributesCount = (uint)random.Next(3),
            DroppedEventsCount = (uint)random.Next(3),
            DroppedLinksCount = (uint)random.Next(3),
        };
        if (random.Next(2) == 0)
        {
            span.Status = new Status { Code = (Status.Types.StatusCode)random.Next(1, 3), Message = random.Next(2) == 0 ? "" : Text(random) };
        }
        span.Attributes.AddRange(Attributes(random, 0));
        for (var e = random.Next(3); e > 0; e--)
        {
            var ev = new Span.Types.Event { TimeUnixNano = (ulong)random.NextInt64(), Name = Text(random), DroppedAttributesCount = (uint)random.Next(2) };
            ev.Attributes.AddRange(Attributes(random, 0));
            span.Events.Add(ev);
        }
        for (var l = random.Next(3); l > 0; l--)
        {
            var link = new Span.Types.Link { TraceId = Id(random, 16), SpanId = Id(random, 8), TraceState = Text(random), Flags = (uint)random.Next(), DroppedAttributesCount = (uint)random.Next(2) };
            link.Attributes.AddRange(Attributes(random, 0));
            span.Links.Add(link);
        }
        return span;
    }

    private static IEnumerable<KeyValue> Attributes(Random random, int depth)
    {
        var count = random.Next(depth == 0 ? 6 : 3);
        for (var i = 0; i < count; i++) yield return new KeyValue { Key = Text(random), Value = Value(random, depth) };
    }

    private static AnyValue Value(Random random, int depth)
    {
        switch (random.Next(depth < 3 ? 9 : 7))
        {
            case 0: return new AnyValue { StringValue = Text(random) };
            case 1: return new AnyValue { BoolValue = random.Next(2) == 0 };
            case 2: return new AnyValue { IntValue = random.NextInt64(long.MinValue, long.MaxValue) };
            case 3: return new AnyValue { DoubleValue = BitConverter.Int64BitsToDouble(random.NextInt64()) };
            case 4: return new AnyValue { BytesValue = Id(random, random.Next(5)) };
            case 5: return new AnyValue();
            case 6: return new AnyValue { DoubleValue = random.NextDouble() * 1e6 };
            case 7:
                var array = new ArrayValue();
                for (var i = random.Next(4); i > 0; i--) array.Values.Add(Value(random, depth + 1));
                return new AnyValue { ArrayValue = array };
            default:
                var list = new KeyValueList();
                list.Values.AddRange(Attributes(random, depth + 1));
                return new AnyValue { KvlistValue = list };
        }
    }

    private static readonly string[] Words = ["", "a", "checkout", "héllo", "世界", "🚀", "with space", "q\"uote", "back\\slash", "line\nbreak", "tab\t", "\u0001"];

    private static string Text(Random random)
    {
        var parts = random.Next(4);
        var text = "";
        for (var i = 0; i < parts; i++) text += Words[random.Next(Words.Length)];
        return text;
    }

    private static ByteString Id(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        if (length > 0) bytes[0] |= 1; // never all zeros
        return ByteString.CopyFrom(bytes);
    }
}
