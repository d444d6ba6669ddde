using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

using Span = OpenTelemetry.Proto.Trace.V1.Span;

namespace Orrery.Receive.Tests.Otlp;

/// <summary>
/// Requests built with the Google.Protobuf types. Conventions the Orrery side keeps (and these
/// samples follow): every ResourceSpans has a Resource and every ScopeSpans a Scope; Status is set
/// only when it is not the default; every KeyValue has a value.
/// </summary>
internal static class OtlpSamples
{
    public static ByteString Id(int length, byte seed)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)(seed + i * 7 + 1);
        return ByteString.CopyFrom(bytes);
    }

    public static KeyValue Kv(string key, AnyValue value) => new() { Key = key, Value = value };

    public static AnyValue Str(string s) => new() { StringValue = s };

    public static AnyValue Int(long v) => new() { IntValue = v };

    public static AnyValue Dbl(double v) => new() { DoubleValue = v };

    public static AnyValue Bool(bool v) => new() { BoolValue = v };

    public static AnyValue Bytes(params byte[] v) => new() { BytesValue = ByteString.CopyFrom(v) };

    public static AnyValue Array(params AnyValue[] values)
    {
        var array = new ArrayValue();
        array.Values.AddRange(values);
        return new AnyValue { ArrayValue = array };
    }

    public static AnyValue KvList(params KeyValue[] values)
    {
        var list = new KeyValueList();
        list.Values.AddRange(values);
        return new AnyValue { KvlistValue = list };
    }

    /// <summary>Every AnyValue case and the edge values of each.</summary>
    public static IEnumerable<KeyValue> EveryValueType()
    {
        yield return Kv("string", Str("checkout"));
        yield return Kv("unicode", Str("héllo 世界 🚀 \u0000 \"quoted\" \\ \n"));
        yield return Kv("empty.string", Str(""));
        yield return Kv("", Str("empty key"));
        yield return Kv("bool.true", Bool(true));
        yield return Kv("bool.false", Bool(false));
        yield return Kv("int.max", Int(long.MaxValue));
        yield return Kv("int.min", Int(long.MinValue));
        yield return Kv("int.zero", Int(0));
        yield return Kv("int.minus.one", Int(-1));
        yield return Kv("double", Dbl(1.5));
        yield return Kv("double.zero", Dbl(0));
        yield return Kv("double.negative.zero", Dbl(-0.0));
        yield return Kv("double.nan", Dbl(double.NaN));
        yield return Kv("double.inf", Dbl(double.PositiveInfinity));
        yield return Kv("double.neg.inf", Dbl(double.NegativeInfinity));
        yield return Kv("double.epsilon", Dbl(double.Epsilon));
        yield return Kv("double.max", Dbl(double.MaxValue));
        yield return Kv("bytes", Bytes(0, 1, 2, 255));
        yield return Kv("bytes.empty", Bytes());
        yield return Kv("empty.value", new AnyValue());
        yield return Kv("array", Array(Str("a"), Int(2), Dbl(3.25), Bool(true), Bytes(9), new AnyValue(),
            Array(Str("nested"), Array(Int(-7))), KvList(Kv("inner", Str("x")))));
        yield return Kv("array.empty", Array());
        yield return Kv("kvlist", KvList(Kv("k1", Str("v1")), Kv("k2", Array(Int(1), Int(2))),
            Kv("k3", KvList(Kv("deep", Bool(false)))), Kv("k4", new AnyValue())));
        yield return Kv("kvlist.empty", KvList());
    }

    public static ExportTraceServiceRequest Full()
    {
        var request = new ExportTraceServiceRequest();

        var resource = new Resource { DroppedAttributesCount = 3 };
        resource.Attributes.Add(Kv("service.name", Str("checkout")));
        resource.Attributes.AddRange(EveryValueType());
        var rs = new ResourceSpans { Resource = resource, SchemaUrl = "https://opentelemetry.io/schemas/1.24.0" };

        var scope = new InstrumentationScope { Name = "io.opentelemetry.http", Version = "1.2.3", DroppedAttributesCount = 2 };
        scope.Attributes.Add(Kv("scope.attr", Str("s")));
        scope.Attributes.AddRange(EveryValueType());
        var ss = new ScopeSpans { Scope = scope, SchemaUrl = "https://opentelemetry.io/schemas/1.21.0" };

        var full = new Span
        {
            TraceId = Id(16, 1),
            SpanId = Id(8, 2),
            ParentSpanId = Id(8, 3),
            TraceState = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
            Flags = 0x301,
            Name = "GET /api/cart/{id}",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = 1_700_000_000_123_456_789,
            EndTimeUnixNano = ulong.MaxValue,
            DroppedAttributesCount = 4,
            DroppedEventsCount = 5,
            DroppedLinksCount = 6,
            Status = new Status { Code = Status.Types.StatusCode.Error, Message = "upstream timed out ⏱" },
        };
        full.Attributes.AddRange(EveryValueType());
        var exception = new Span.Types.Event { TimeUnixNano = 1_700_000_000_200_000_000, Name = "exception", DroppedAttributesCount = 1 };
        exception.Attributes.Add(Kv("exception.type", Str("TimeoutException")));
        exception.Attributes.AddRange(EveryValueType());
        full.Events.Add(exception);
        full.Events.Add(new Span.Types.Event { Name = "" });
        full.Events.Add(new Span.Types.Event { TimeUnixNano = 1, Name = "retry" });
        var link = new Span.Types.Link { TraceId = Id(16, 40), SpanId = Id(8, 41), TraceState = "k=v", DroppedAttributesCount = 7, Flags = 1 };
        link.Attributes.Add(Kv("link.kind", Str("follows")));
        link.Attributes.AddRange(EveryValueType());
        full.Links.Add(link);
        full.Links.Add(new Span.Types.Link { TraceId = Id(16, 50), SpanId = Id(8, 51) });
        ss.Spans.Add(full);

        // One span per kind, status OK with no message, no parent, no optional fields.
        for (var kind = 0; kind <= 5; kind++)
        {
            ss.Spans.Add(new Span
            {
                TraceId = Id(16, 1),
                SpanId = Id(8, (byte)(100 + kind)),
                Name = $"kind {kind}",
                Kind = (Span.Types.SpanKind)kind,
                StartTimeUnixNano = 10,
                EndTimeUnixNano = 20,
                Status = kind == 1 ? new Status { Code = Status.Types.StatusCode.Ok } : null,
            });
        }
        rs.ScopeSpans.Add(ss);

        // A second scope with an empty scope message, and a second resource with an empty resource.
        var emptyScope = new ScopeSpans { Scope = new InstrumentationScope() };
        emptyScope.Spans.Add(new Span { TraceId = Id(16, 9), SpanId = Id(8, 9), Name = "bare" });
        rs.ScopeSpans.Add(emptyScope);
        request.ResourceSpans.Add(rs);

        var bare = new ResourceSpans { Resource = new Resource() };
        var bareScope = new ScopeSpans { Scope = new InstrumentationScope { Name = "second" } };
        bareScope.Spans.Add(new Span { TraceId = Id(16, 77), SpanId = Id(8, 78), Name = "other resource", Kind = Span.Types.SpanKind.Consumer });
        bare.ScopeSpans.Add(bareScope);
        request.ResourceSpans.Add(bare);
        return request;
    }

    /// <summary>A request of realistic spans: ~10 string attributes per span and per resource.</summary>
    public static ExportTraceServiceRequest Realistic(int spans, int seed = 1)
    {
        var random = new Random(seed);
        var request = new ExportTraceServiceRequest();
        var resource = new Resource();
        resource.Attributes.Add(Kv("service.name", Str("cart")));
        for (var i = 0; i < 9; i++) resource.Attributes.Add(Kv($"resource.key.{i}", Str($"value-{random.Next(1000)}")));
        var rs = new ResourceSpans { Resource = resource };
        var ss = new ScopeSpans { Scope = new InstrumentationScope { Name = "lib", Version = "1.0" } };
        for (var s = 0; s < spans; s++)
        {
            var traceId = new byte[16];
            var spanId = new byte[8];
            random.NextBytes(traceId);
            random.NextBytes(spanId);
            traceId[0] |= 1;
            spanId[0] |= 1;
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(traceId),
                SpanId = ByteString.CopyFrom(spanId),
                Name = $"operation {random.Next(50)}",
                Kind = Span.Types.SpanKind.Server,
                StartTimeUnixNano = (ulong)(1_700_000_000_000_000_000 + s),
                EndTimeUnixNano = (ulong)(1_700_000_000_000_500_000 + s),
            };
            for (var a = 0; a < 10; a++) span.Attributes.Add(Kv($"attribute.key.{a}", Str($"attribute value {random.Next(100_000)}")));
            ss.Spans.Add(span);
        }
        rs.ScopeSpans.Add(ss);
        request.ResourceSpans.Add(rs);
        return request;
    }
}
