using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Sampling;

/// <summary>One span to put in a test batch; attribute values are string, long, double or bool.</summary>
internal sealed record TestSpan(TraceId Trace, ulong Id, ulong Parent = 0, string Service = "svc", string Name = "op")
{
    public SpanKind Kind { get; init; } = SpanKind.Server;
    public long StartNs { get; init; } = 1_000_000_000;
    public long DurationMs { get; init; } = 10;
    public StatusCode Status { get; init; } = StatusCode.Unset;
    public uint Flags { get; init; }
    public string TraceState { get; init; } = "";
    public IReadOnlyDictionary<string, object> Attributes { get; init; } = new Dictionary<string, object>();
    public IReadOnlyDictionary<string, object> ResourceAttributes { get; init; } = new Dictionary<string, object>();
}

internal static class TestSpans
{
    public static TraceId Trace(ulong n) => new(0x1000 + n, 0xabcdef00 + n);

    /// <summary>A batch with one resource per span (simple, and exercises the copier's resource mapping).</summary>
    public static SpanBatch Batch(params TestSpan[] spans)
    {
        var b = new SpanBatch();
        foreach (var s in spans)
        {
            var resAttrStart = b.ResourceAttributes.Count;
            Add(b, b.ResourceAttributes, "service.name", s.Service);
            foreach (var (k, v) in s.ResourceAttributes) Add(b, b.ResourceAttributes, k, v);
            var resource = b.Resources.Add(new ResourceRow { Attributes = new RowRange(resAttrStart, b.ResourceAttributes.Count - resAttrStart) });
            var scope = b.Scopes.Add(new ScopeRow { Resource = resource });
            var attrStart = b.SpanAttributes.Count;
            foreach (var (k, v) in s.Attributes) Add(b, b.SpanAttributes, k, v);
            b.Spans.Add(new SpanRow
            {
                Scope = scope,
                TraceId = s.Trace,
                SpanId = new SpanId(s.Id),
                ParentSpanId = new SpanId(s.Parent),
                Name = b.Bytes.Append(s.Name),
                Kind = s.Kind,
                StartUnixNano = s.StartNs,
                EndUnixNano = s.StartNs + s.DurationMs * 1_000_000,
                StatusCode = s.Status,
                Flags = s.Flags,
                TraceState = b.Bytes.Append(s.TraceState),
                Attributes = new RowRange(attrStart, b.SpanAttributes.Count - attrStart),
            });
        }
        return b;
    }

    private static void Add(SpanBatch b, RowList<KeyValueRow> table, string key, object value) =>
        table.Add(new KeyValueRow
        {
            Key = b.Bytes.Append(key),
            Value = value switch
            {
                string str => AnyValueRow.FromString(b.Bytes.Append(str)),
                long l => AnyValueRow.FromInt(l),
                int i => AnyValueRow.FromInt(i),
                double d => AnyValueRow.FromDouble(d),
                bool x => AnyValueRow.FromBool(x),
                _ => throw new ArgumentException($"unsupported attribute value {value}"),
            },
        });
}
