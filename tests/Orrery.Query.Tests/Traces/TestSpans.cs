using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Query.Tests.Traces;

/// <summary>Builds small batches by hand: one resource per call to <see cref="Resource"/>.</summary>
internal sealed class TestSpans
{
    public SpanBatch Batch { get; } = new();
    private int _scope = -1;

    public TestSpans Resource(params (string Key, object Value)[] attributes)
    {
        var start = Batch.ResourceAttributes.Count;
        foreach (var (key, value) in attributes) Batch.ResourceAttributes.Add(Kv(key, value));
        var resource = Batch.Resources.Add(new ResourceRow { Attributes = new RowRange(start, attributes.Length) });
        _scope = Batch.Scopes.Add(new ScopeRow { Resource = resource, Name = Batch.Bytes.Append("test-scope") });
        return this;
    }

    public int Span(
        ulong traceId,
        ulong spanId,
        ulong parentId,
        string name,
        long start,
        long end,
        StatusCode status = StatusCode.Unset,
        SpanKind kind = SpanKind.Internal,
        params (string Key, object Value)[] attributes)
    {
        var attrStart = Batch.SpanAttributes.Count;
        foreach (var (key, value) in attributes) Batch.SpanAttributes.Add(Kv(key, value));
        return Batch.Spans.Add(new SpanRow
        {
            Scope = _scope,
            TraceId = new TraceId(0, traceId),
            SpanId = new SpanId(spanId),
            ParentSpanId = new SpanId(parentId),
            Name = Batch.Bytes.Append(name),
            StartUnixNano = start,
            EndUnixNano = end,
            StatusCode = status,
            Kind = kind,
            Attributes = new RowRange(attrStart, attributes.Length),
        });
    }

    public int EventOnLastSpan(string name, params (string Key, object Value)[] attributes)
    {
        var attrStart = Batch.EventAttributes.Count;
        foreach (var (key, value) in attributes) Batch.EventAttributes.Add(Kv(key, value));
        var row = Batch.Events.Add(new EventRow { Name = Batch.Bytes.Append(name), Attributes = new RowRange(attrStart, attributes.Length) });
        ref var span = ref Batch.Spans[Batch.Spans.Count - 1];
        span.Events = new RowRange(span.Events.Count == 0 ? row : span.Events.Start, span.Events.Count + 1);
        return row;
    }

    private KeyValueRow Kv(string key, object value) => new()
    {
        Key = Batch.Bytes.Append(key),
        Value = value switch
        {
            string s => AnyValueRow.FromString(Batch.Bytes.Append(s)),
            bool b => AnyValueRow.FromBool(b),
            int i => AnyValueRow.FromInt(i),
            long l => AnyValueRow.FromInt(l),
            double d => AnyValueRow.FromDouble(d),
            _ => throw new ArgumentException("unsupported test value", nameof(value)),
        },
    };
}
