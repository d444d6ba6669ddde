using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Skipping traces a caller does not want. A skip is only recorded; the per-span columns are moved
/// past all skipped spans at once when the next wanted trace is read (and never, when none is), so
/// assembling a few traces of a page costs a pass over the bytes before them, not the decoding of
/// every span of the page.
/// </summary>
internal sealed partial class PageDecoder
{
    /// <summary>Spans skipped whose per-span columns (all but SpanIds and StartOffsets, which <see cref="NextTrace"/> reads) are not yet passed.</summary>
    private long _pending;
    private SpanFields _pendingFields;

    /// <summary>Skips the current trace's spans; with a projection, only its columns are advanced (the others are never read).</summary>
    public void Skip(SpanFields fields = SpanFields.All)
    {
        if (_pending > 0 && fields != _pendingFields) PassPending();
        _pending += SpanCount;
        _pendingFields = fields;
    }

    /// <summary>Moves the per-span columns past every span skipped so far.</summary>
    private void PassPending()
    {
        if (_pending == 0) return;
        SkipSpans(_pending, _pendingFields);
        _pending = 0;
    }

    private void SkipSpans(long n, SpanFields fields)
    {
        var rest = (fields & SpanFields.Rest) != 0;
        if (rest || (fields & SpanFields.ParentSpanId) != 0)
        {
            var external = this[Column.Parents].SkipParents(n);
            if (external > 0) this[Column.ParentIds].Skip(8L * external);
        }
        if (rest || (fields & SpanFields.Duration) != 0) this[Column.Durations].SkipVarInts(n);
        if (rest || (fields & SpanFields.Name) != 0) this[Column.Names].SkipVarInts(n);
        if (rest || (fields & SpanFields.KindAndStatus) != 0) this[Column.KindStatus].Skip(2 * n);
        if (rest || (fields & SpanFields.Scope) != 0) this[Column.Scopes].SkipVarInts(n);
        if (!rest) return;

        this[Column.Flags].SkipVarInts(n);
        var inline = this[Column.TraceStates].SkipStringRefs(n) + this[Column.StatusMessages].SkipStringRefs(n);
        this[Column.DroppedCounts].SkipVarInts(3 * n);
        inline += SkipAttributes(Column.SpanAttrKeys, this[Column.SpanAttrCounts].SumVarInts(n));

        long nested = 0;
        var events = this[Column.EventCounts].SumVarInts(n);
        if (events > 0)
        {
            this[Column.EventTimes].SkipVarInts(events);
            this[Column.EventNames].SkipVarInts(events);
            this[Column.EventDropped].SkipVarInts(events);
            nested += this[Column.EventAttrCounts].SumVarInts(events);
        }
        var links = this[Column.LinkCounts].SumVarInts(n);
        if (links > 0)
        {
            this[Column.LinkTraceIds].Skip(16 * links);
            this[Column.LinkSpanIds].Skip(8 * links);
            inline += this[Column.LinkTraceStates].SkipStringRefs(links);
            this[Column.LinkFlags].SkipVarInts(links);
            this[Column.LinkDropped].SkipVarInts(links);
            nested += this[Column.LinkAttrCounts].SumVarInts(links);
        }
        inline += SkipAttributes(Column.NestedAttrKeys, nested);
        if (inline > 0) this[Column.InlineStrings].Skip(inline);
    }

    private long SkipAttributes(Column first, long count)
    {
        if (count == 0) return 0;
        return AttributeGroupSkip.Skip(
            ref this[first + (int)AttributeColumn.Keys],
            ref this[first + (int)AttributeColumn.Kinds],
            ref this[first + (int)AttributeColumn.Strings],
            ref this[first + (int)AttributeColumn.Ints],
            ref this[first + (int)AttributeColumn.Doubles],
            ref this[first + (int)AttributeColumn.Blobs],
            count);
    }
}
