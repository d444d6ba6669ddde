namespace Orrery.Signals.Traces;

/// <summary>
/// Copies chosen spans from source batches into one destination batch, bringing their
/// resource, scope, attributes, events and links along. Each source scope is copied once per
/// source batch, so copying many spans of one resource does not repeat the resource.
/// </summary>
public sealed class SpanBatchCopier
{
    private readonly SpanBatch _destination;
    private readonly Dictionary<(SpanBatch Source, int Scope), int> _scopeMap = new();
    private readonly Dictionary<(SpanBatch Source, int Resource), int> _resourceMap = new();

    public SpanBatchCopier(SpanBatch destination) => _destination = destination;

    public SpanBatch Destination => _destination;

    /// <summary>Copies span <paramref name="row"/> of <paramref name="source"/>; returns its new row.</summary>
    public int CopySpan(SpanBatch source, int row)
    {
        var d = _destination;
        var s = source.Spans[row];
        var copy = s;
        copy.Scope = MapScope(source, s.Scope);
        copy.TraceState = Bytes(source, s.TraceState);
        copy.Name = Bytes(source, s.Name);
        copy.StatusMessage = Bytes(source, s.StatusMessage);
        copy.Attributes = CopyAttributes(source, source.SpanAttributes, s.Attributes, d.SpanAttributes);

        var eventStart = d.Events.Count;
        for (var i = s.Events.Start; i < s.Events.End; i++)
        {
            var e = source.Events[i];
            e.Name = Bytes(source, e.Name);
            e.Attributes = CopyAttributes(source, source.EventAttributes, e.Attributes, d.EventAttributes);
            d.Events.Add(e);
        }
        copy.Events = new RowRange(eventStart, s.Events.Count);

        var linkStart = d.Links.Count;
        for (var i = s.Links.Start; i < s.Links.End; i++)
        {
            var l = source.Links[i];
            l.TraceState = Bytes(source, l.TraceState);
            l.Attributes = CopyAttributes(source, source.LinkAttributes, l.Attributes, d.LinkAttributes);
            d.Links.Add(l);
        }
        copy.Links = new RowRange(linkStart, s.Links.Count);

        return d.Spans.Add(copy);
    }

    private int MapScope(SpanBatch source, int scope)
    {
        if (_scopeMap.TryGetValue((source, scope), out var mapped)) return mapped;
        var s = source.Scopes[scope];
        s.Resource = MapResource(source, s.Resource);
        s.Name = Bytes(source, s.Name);
        s.Version = Bytes(source, s.Version);
        s.SchemaUrl = Bytes(source, s.SchemaUrl);
        s.Attributes = CopyAttributes(source, source.ScopeAttributes, s.Attributes, _destination.ScopeAttributes);
        mapped = _destination.Scopes.Add(s);
        _scopeMap[(source, scope)] = mapped;
        return mapped;
    }

    private int MapResource(SpanBatch source, int resource)
    {
        if (_resourceMap.TryGetValue((source, resource), out var mapped)) return mapped;
        var r = source.Resources[resource];
        r.SchemaUrl = Bytes(source, r.SchemaUrl);
        r.Attributes = CopyAttributes(source, source.ResourceAttributes, r.Attributes, _destination.ResourceAttributes);
        mapped = _destination.Resources.Add(r);
        _resourceMap[(source, resource)] = mapped;
        return mapped;
    }

    private RowRange CopyAttributes(SpanBatch source, RowList<KeyValueRow> from, RowRange range, RowList<KeyValueRow> to)
    {
        var start = to.Count;
        for (var i = range.Start; i < range.End; i++)
        {
            var kv = from[i];
            kv.Key = Bytes(source, kv.Key);
            kv.Value.Bytes = Bytes(source, kv.Value.Bytes);
            to.Add(kv);
        }
        return new RowRange(start, range.Count);
    }

    private Utf8Ref Bytes(SpanBatch source, Utf8Ref r) => r.IsEmpty ? default : _destination.Bytes.Append(source.Bytes.Get(r));
}
