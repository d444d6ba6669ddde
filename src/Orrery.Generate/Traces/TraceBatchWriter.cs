using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Generate.Traces;

/// <summary>
/// Appends spans to a <see cref="SpanBatch"/> one at a time: a span's attributes and events go
/// right after it (before the next span starts), which keeps each span's rows contiguous. Strings
/// are copied into the batch's arena, so building a span allocates nothing.
/// </summary>
internal sealed class TraceBatchWriter(SpanBatch batch)
{
    private int _current = -1;

    public SpanBatch Batch => batch;

    /// <summary>Adds a resource with the given string attributes and one scope of it; returns the scope's row.</summary>
    public int AddResourceScope(ReadOnlySpan<(string Key, string Value)> attributes, string scopeName, string scopeVersion)
    {
        var start = batch.ResourceAttributes.Count;
        foreach (var (key, value) in attributes) Add(batch.ResourceAttributes, key, value);
        var resource = batch.Resources.Add(new ResourceRow { Attributes = new RowRange(start, attributes.Length) });
        return batch.Scopes.Add(new ScopeRow
        {
            Resource = resource,
            Name = batch.Bytes.Append(scopeName),
            Version = batch.Bytes.Append(scopeVersion),
        });
    }

    /// <summary>Starts a span; its attributes and events follow with <see cref="Attribute(string, string)"/> and <see cref="Event"/>.</summary>
    public int AddSpan(int scope, TraceId traceId, SpanId spanId, SpanId parent, string name, SpanKind kind, long start, long end)
    {
        _current = batch.Spans.Add(new SpanRow
        {
            Scope = scope,
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parent,
            Flags = 0x101, // sampled, and the parent's remoteness is known (OTLP span flags bits 0 and 8)
            Name = batch.Bytes.Append(name),
            Kind = kind,
            StartUnixNano = start,
            EndUnixNano = end,
            Attributes = new RowRange(batch.SpanAttributes.Count, 0),
            Events = new RowRange(batch.Events.Count, 0),
            Links = new RowRange(batch.Links.Count, 0),
        });
        return _current;
    }

    public ref SpanRow Span(int row) => ref batch.Spans[row];

    public void Attribute(string key, string value)
    {
        Add(batch.SpanAttributes, key, value);
        Grow(ref batch.Spans[_current].Attributes);
    }

    public void Attribute(string key, long value)
    {
        batch.SpanAttributes.Add(new KeyValueRow { Key = batch.Bytes.Append(key), Value = AnyValueRow.FromInt(value) });
        Grow(ref batch.Spans[_current].Attributes);
    }

    public void Attribute(string key, bool value)
    {
        batch.SpanAttributes.Add(new KeyValueRow { Key = batch.Bytes.Append(key), Value = AnyValueRow.FromBool(value) });
        Grow(ref batch.Spans[_current].Attributes);
    }

    /// <summary>An event of the current span with one or two string attributes (a null key is left out).</summary>
    public void Event(string name, long time, string key, string value, string? key2 = null, string? value2 = null)
    {
        var start = batch.EventAttributes.Count;
        Add(batch.EventAttributes, key, value);
        if (key2 is not null) Add(batch.EventAttributes, key2, value2 ?? "");
        batch.Events.Add(new EventRow
        {
            TimeUnixNano = time,
            Name = batch.Bytes.Append(name),
            Attributes = new RowRange(start, batch.EventAttributes.Count - start),
        });
        Grow(ref batch.Spans[_current].Events);
    }

    public void Error(int row, string message)
    {
        ref var span = ref batch.Spans[row];
        span.StatusCode = StatusCode.Error;
        span.StatusMessage = batch.Bytes.Append(message);
    }

    private void Add(RowList<KeyValueRow> table, string key, string value) =>
        table.Add(new KeyValueRow { Key = batch.Bytes.Append(key), Value = AnyValueRow.FromString(batch.Bytes.Append(value)) });

    private static void Grow(ref RowRange range) => range = new RowRange(range.Start, range.Count + 1);
}
