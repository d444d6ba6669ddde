namespace Orrery.Signals.Traces;

/// <summary>
/// A batch of spans in Orrery's shared shape: rows of unmanaged structs plus one byte arena.
/// Decoders fill it straight from the wire; the WAL, head and blocks read it without an
/// object per span. A span's resource is <c>Scopes[span.Scope].Resource</c>.
/// </summary>
/// <remarks>
/// Attribute tables are kept per owner kind so that each owner's attributes are contiguous
/// even when the wire interleaves them with nested messages (protobuf allows any field order).
/// Not thread-safe: one writer, then any number of readers once it is published.
/// </remarks>
public sealed class SpanBatch
{
    public ByteArena Bytes { get; } = new();
    public RowList<ResourceRow> Resources { get; } = new(4);
    public RowList<ScopeRow> Scopes { get; } = new(4);
    public RowList<SpanRow> Spans { get; } = new(64);
    public RowList<EventRow> Events { get; } = new(8);
    public RowList<LinkRow> Links { get; } = new(4);
    public RowList<KeyValueRow> ResourceAttributes { get; } = new(16);
    public RowList<KeyValueRow> ScopeAttributes { get; } = new(4);
    public RowList<KeyValueRow> SpanAttributes { get; } = new(256);
    public RowList<KeyValueRow> EventAttributes { get; } = new(8);
    public RowList<KeyValueRow> LinkAttributes { get; } = new(4);

    public int Count => Spans.Count;

    public ReadOnlySpan<byte> Utf8(Utf8Ref r) => Bytes.Get(r);

    public string String(Utf8Ref r) => Bytes.GetString(r);

    public ref ResourceRow ResourceOf(int spanRow) => ref Resources[Scopes[Spans[spanRow].Scope].Resource];

    public ref ScopeRow ScopeOf(int spanRow) => ref Scopes[Spans[spanRow].Scope];

    /// <summary>Finds a resource attribute of the span's resource by key; -1 when absent.</summary>
    public int FindResourceAttribute(int spanRow, ReadOnlySpan<byte> key) =>
        Find(ResourceAttributes, ResourceOf(spanRow).Attributes, key);

    /// <summary>Finds a span attribute by key; -1 when absent.</summary>
    public int FindSpanAttribute(int spanRow, ReadOnlySpan<byte> key) =>
        Find(SpanAttributes, Spans[spanRow].Attributes, key);

    /// <summary>The span's resource <c>service.name</c>, or empty when it has none.</summary>
    public ReadOnlySpan<byte> ServiceName(int spanRow)
    {
        var i = FindResourceAttribute(spanRow, "service.name"u8);
        if (i < 0) return default;
        ref var v = ref ResourceAttributes[i].Value;
        return v.Kind == ValueKind.String ? Bytes.Get(v.Bytes) : default;
    }

    public void Clear()
    {
        Bytes.Clear();
        Resources.Clear();
        Scopes.Clear();
        Spans.Clear();
        Events.Clear();
        Links.Clear();
        ResourceAttributes.Clear();
        ScopeAttributes.Clear();
        SpanAttributes.Clear();
        EventAttributes.Clear();
        LinkAttributes.Clear();
    }

    private int Find(RowList<KeyValueRow> table, RowRange range, ReadOnlySpan<byte> key)
    {
        var rows = table.AsSpan().Slice(range.Start, range.Count);
        for (var i = 0; i < rows.Length; i++)
        {
            if (Bytes.Get(rows[i].Key).SequenceEqual(key)) return range.Start + i;
        }
        return -1;
    }
}
