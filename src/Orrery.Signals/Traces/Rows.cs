namespace Orrery.Signals.Traces;

/// <summary>An OTLP Resource. Attributes index <see cref="SpanBatch.ResourceAttributes"/>.</summary>
public struct ResourceRow
{
    public RowRange Attributes;
    public uint DroppedAttributesCount;
    /// <summary>The schema URL of the enclosing <c>ResourceSpans</c>.</summary>
    public Utf8Ref SchemaUrl;
}

/// <summary>An OTLP InstrumentationScope with its <c>ScopeSpans</c> schema URL.</summary>
public struct ScopeRow
{
    public int Resource;
    public Utf8Ref Name;
    public Utf8Ref Version;
    public RowRange Attributes;
    public uint DroppedAttributesCount;
    /// <summary>The schema URL of the enclosing <c>ScopeSpans</c>.</summary>
    public Utf8Ref SchemaUrl;
}

/// <summary>
/// One span: every field of the OTLP <c>Span</c> message. Nested lists (attributes, events,
/// links) are ranges into the batch's tables, so a batch is a handful of arrays, not a graph.
/// </summary>
public struct SpanRow
{
    public int Scope;
    public TraceId TraceId;
    public SpanId SpanId;
    public SpanId ParentSpanId;
    public Utf8Ref TraceState;
    public uint Flags;
    public Utf8Ref Name;
    public SpanKind Kind;
    public long StartUnixNano;
    public long EndUnixNano;
    public RowRange Attributes;
    public uint DroppedAttributesCount;
    public RowRange Events;
    public uint DroppedEventsCount;
    public RowRange Links;
    public uint DroppedLinksCount;
    public StatusCode StatusCode;
    public Utf8Ref StatusMessage;

    public readonly long DurationNano => EndUnixNano - StartUnixNano;
}

/// <summary>An OTLP <c>Span.Event</c>. Attributes index <see cref="SpanBatch.EventAttributes"/>.</summary>
public struct EventRow
{
    public long TimeUnixNano;
    public Utf8Ref Name;
    public RowRange Attributes;
    public uint DroppedAttributesCount;
}

/// <summary>An OTLP <c>Span.Link</c>. Attributes index <see cref="SpanBatch.LinkAttributes"/>.</summary>
public struct LinkRow
{
    public TraceId TraceId;
    public SpanId SpanId;
    public Utf8Ref TraceState;
    public RowRange Attributes;
    public uint DroppedAttributesCount;
    public uint Flags;
}
