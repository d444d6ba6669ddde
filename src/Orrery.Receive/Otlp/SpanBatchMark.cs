using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Receive.Otlp;

/// <summary>
/// The row counts of a batch at one moment, so a decoder can undo everything appended since:
/// a rejected span, an empty scope or resource, or a whole request that turned out malformed.
/// Decoders only ever append, so truncating every table restores the earlier state exactly.
/// </summary>
internal readonly struct SpanBatchMark
{
    private readonly int _bytes, _resources, _scopes, _spans, _events, _links;
    private readonly int _resourceAttributes, _scopeAttributes, _spanAttributes, _eventAttributes, _linkAttributes;

    public SpanBatchMark(SpanBatch batch)
    {
        _bytes = batch.Bytes.Length;
        _resources = batch.Resources.Count;
        _scopes = batch.Scopes.Count;
        _spans = batch.Spans.Count;
        _events = batch.Events.Count;
        _links = batch.Links.Count;
        _resourceAttributes = batch.ResourceAttributes.Count;
        _scopeAttributes = batch.ScopeAttributes.Count;
        _spanAttributes = batch.SpanAttributes.Count;
        _eventAttributes = batch.EventAttributes.Count;
        _linkAttributes = batch.LinkAttributes.Count;
    }

    public int Spans => _spans;

    /// <summary>Links appended since the mark: the index of the next link of the span being read.</summary>
    public int LinksSince(SpanBatch batch) => batch.Links.Count - _links;

    /// <summary>
    /// Appends <paramref name="span"/> with the attributes, events and links appended since the
    /// mark, which was taken when the span began: they are its rows.
    /// </summary>
    public void AddSpan(SpanBatch batch, ref SpanRow span)
    {
        span.Attributes = new RowRange(_spanAttributes, batch.SpanAttributes.Count - _spanAttributes);
        span.Events = new RowRange(_events, batch.Events.Count - _events);
        span.Links = new RowRange(_links, batch.Links.Count - _links);
        batch.Spans.Add(in span);
    }

    public void Restore(SpanBatch batch)
    {
        batch.Bytes.Truncate(_bytes);
        batch.Resources.Truncate(_resources);
        batch.Scopes.Truncate(_scopes);
        batch.Spans.Truncate(_spans);
        batch.Events.Truncate(_events);
        batch.Links.Truncate(_links);
        batch.ResourceAttributes.Truncate(_resourceAttributes);
        batch.ScopeAttributes.Truncate(_scopeAttributes);
        batch.SpanAttributes.Truncate(_spanAttributes);
        batch.EventAttributes.Truncate(_eventAttributes);
        batch.LinkAttributes.Truncate(_linkAttributes);
    }
}
