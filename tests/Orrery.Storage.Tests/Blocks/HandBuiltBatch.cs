using System.Text;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Tests.Blocks;

/// <summary>Small batches built by hand that exercise every field and value kind.</summary>
internal static class HandBuiltBatch
{
    public static readonly TraceId TraceA = TraceId.ParseHex("0af7651916cd43dd8448eb211c80319c");
    public static readonly TraceId TraceB = TraceId.ParseHex("4bf92f3577b34da6a3ce929d0e0e4736");
    public static readonly TraceId TraceAbsent = TraceId.ParseHex("ffffffffffffffffffffffffffffffff");
    public const long T0 = 1_700_000_000_000_000_000;

    /// <summary>Two resources, three scopes, five spans in two traces, all value kinds, events and links.</summary>
    public static SpanBatch Create()
    {
        var b = new SpanBatch();
        var r0 = AddResource(b, "checkout", ("host.cores", AnyValueRow.FromInt(8)), ("debug", AnyValueRow.FromBool(true)));
        b.Resources[r0].DroppedAttributesCount = 3;
        b.Resources[r0].SchemaUrl = b.Bytes.Append("https://opentelemetry.io/schemas/1.21.0");
        var r1 = AddResource(b, "payments", ("load", AnyValueRow.FromDouble(0.75)));

        var s0 = AddScope(b, r0, "lib.http", "2.1");
        b.Scopes[s0].SchemaUrl = b.Bytes.Append("https://opentelemetry.io/schemas/1.20.0");
        b.Scopes[s0].DroppedAttributesCount = 1;
        var scopeAttr = b.ScopeAttributes.Count;
        b.ScopeAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("scope.attr"), Value = AnyValueRow.FromString(b.Bytes.Append("x")) });
        b.Scopes[s0].Attributes = new RowRange(scopeAttr, 1);
        var s1 = AddScope(b, r0, "lib.db", "");
        var s2 = AddScope(b, r1, "lib.http", "2.1");

        var root = AddSpan(b, s0, TraceA, 0x1111, 0, "GET /cart", SpanKind.Server, T0, 5_000_000,
            ("http.method", AnyValueRow.FromString(b.Bytes.Append("GET"))),
            ("http.status_code", AnyValueRow.FromInt(200)),
            ("ratio", AnyValueRow.FromDouble(-1.5)),
            ("cached", AnyValueRow.FromBool(false)),
            ("empty", default),
            ("negative", AnyValueRow.FromInt(-123456789012)),
            ("payload", new AnyValueRow { Kind = ValueKind.Bytes, Bytes = b.Bytes.Append([0, 1, 2, 255]) }),
            ("list", new AnyValueRow { Kind = ValueKind.Array, Bytes = b.Bytes.Append([0x0A, 0x03, 0x0A, 0x01, 0x61]) }),
            ("map", new AnyValueRow { Kind = ValueKind.KvList, Bytes = b.Bytes.Append([0x0A, 0x08, 0x0A, 0x01, 0x6B, 0x12, 0x03, 0x08, 0x01]) }),
            ("db.statement", AnyValueRow.FromString(b.Bytes.Append("SELECT " + new string('x', 400) + " FROM carts"))));
        ref var r = ref b.Spans[root];
        r.TraceState = b.Bytes.Append("vendor=abc,other=1");
        r.Flags = 0x301;
        r.DroppedAttributesCount = 2;
        r.DroppedEventsCount = 4;
        r.DroppedLinksCount = 5;
        r.StatusCode = StatusCode.Error;
        r.StatusMessage = b.Bytes.Append("boom");
        AddEvent(b, root, T0 + 100, "exception", 7, ("exception.type", AnyValueRow.FromString(b.Bytes.Append("IOException"))), ("retry", AnyValueRow.FromInt(3)));
        AddEvent(b, root, T0 - 50, "early", 0);
        AddLink(b, root, TraceB, 0x2222, "k=v", 1, 9, ("link.kind", AnyValueRow.FromString(b.Bytes.Append("follows"))));

        AddSpan(b, s1, TraceA, 0x1112, 0x1111, "SELECT carts", SpanKind.Client, T0 + 1_000, 2_000_000,
            ("db.system", AnyValueRow.FromString(b.Bytes.Append("postgresql"))));
        AddSpan(b, s2, TraceA, 0x1113, 0x9999, "charge", SpanKind.Internal, T0 + 500, 1_000,
            ("amount", AnyValueRow.FromDouble(12.5)));
        AddSpan(b, s2, TraceB, 0x2222, 0, "POST /pay", SpanKind.Server, T0 + 10_000_000, 3_000_000,
            ("http.method", AnyValueRow.FromString(b.Bytes.Append("POST"))));
        var last = AddSpan(b, s0, TraceB, 0x2223, 0x2222, "GET /cart", SpanKind.Client, T0 + 10_000_100, -5);
        AddLink(b, last, TraceA, 0x1111, "", 0, 0);
        return b;
    }

    public static int AddResource(SpanBatch b, string service, params (string Key, AnyValueRow Value)[] extra)
    {
        var start = b.ResourceAttributes.Count;
        b.ResourceAttributes.Add(new KeyValueRow { Key = b.Bytes.Append("service.name"), Value = AnyValueRow.FromString(b.Bytes.Append(service)) });
        foreach (var (k, v) in extra) b.ResourceAttributes.Add(new KeyValueRow { Key = b.Bytes.Append(k), Value = v });
        return b.Resources.Add(new ResourceRow { Attributes = new RowRange(start, 1 + extra.Length) });
    }

    public static int AddScope(SpanBatch b, int resource, string name, string version) =>
        b.Scopes.Add(new ScopeRow { Resource = resource, Name = b.Bytes.Append(name), Version = b.Bytes.Append(version) });

    public static int AddSpan(SpanBatch b, int scope, TraceId trace, ulong id, ulong parent, string name, SpanKind kind,
        long start, long duration, params (string Key, AnyValueRow Value)[] attributes)
    {
        var attrStart = b.SpanAttributes.Count;
        foreach (var (k, v) in attributes) b.SpanAttributes.Add(new KeyValueRow { Key = b.Bytes.Append(k), Value = v });
        return b.Spans.Add(new SpanRow
        {
            Scope = scope,
            TraceId = trace,
            SpanId = new SpanId(id),
            ParentSpanId = new SpanId(parent),
            Name = b.Bytes.Append(name),
            Kind = kind,
            StartUnixNano = start,
            EndUnixNano = start + duration,
            Attributes = new RowRange(attrStart, attributes.Length),
        });
    }

    private static void AddEvent(SpanBatch b, int span, long time, string name, uint dropped, params (string Key, AnyValueRow Value)[] attributes)
    {
        var attrStart = b.EventAttributes.Count;
        foreach (var (k, v) in attributes) b.EventAttributes.Add(new KeyValueRow { Key = b.Bytes.Append(k), Value = v });
        var row = b.Events.Add(new EventRow { TimeUnixNano = time, Name = b.Bytes.Append(name), DroppedAttributesCount = dropped, Attributes = new RowRange(attrStart, attributes.Length) });
        ref var s = ref b.Spans[span];
        s.Events = s.Events.Count == 0 ? new RowRange(row, 1) : new RowRange(s.Events.Start, s.Events.Count + 1);
    }

    private static void AddLink(SpanBatch b, int span, TraceId trace, ulong id, string state, uint flags, uint dropped, params (string Key, AnyValueRow Value)[] attributes)
    {
        var attrStart = b.LinkAttributes.Count;
        foreach (var (k, v) in attributes) b.LinkAttributes.Add(new KeyValueRow { Key = b.Bytes.Append(k), Value = v });
        var row = b.Links.Add(new LinkRow
        {
            TraceId = trace,
            SpanId = new SpanId(id),
            TraceState = b.Bytes.Append(state),
            Flags = flags,
            DroppedAttributesCount = dropped,
            Attributes = new RowRange(attrStart, attributes.Length),
        });
        ref var s = ref b.Spans[span];
        s.Links = new RowRange(row, 1);
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
