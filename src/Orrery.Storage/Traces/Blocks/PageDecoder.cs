using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Walks a decoded page trace by trace. For each trace the caller looks at the id and start
/// times (read eagerly) and then either materializes spans into a batch or skips them. Columns have
/// no per-row offsets: skipped spans are passed over in bulk before the next trace read
/// (PageDecoder.Skip.cs), without being decoded.
/// </summary>
internal sealed partial class PageDecoder
{
    private const int ColumnSlots = (int)Column.InlineStrings + 1;

    private readonly ColumnCursor[] _c = new ColumnCursor[ColumnSlots];
    private readonly bool[] _opened = new bool[ColumnSlots];
    private readonly PageData _data;
    private readonly long _blockMinStart;
    private ulong[] _spanIds = new ulong[64];
    private long[] _starts = new long[64];
    private int _tracesLeft;

    public PageDecoder(PageData data, PageInfo page, long blockMinStart)
    {
        _data = data;
        _blockMinStart = blockMinStart;
        _tracesLeft = page.TraceCount;
    }

    public TraceId TraceId { get; private set; }

    public int SpanCount { get; private set; }

    /// <summary>Start times of the current trace's spans, ascending.</summary>
    public ReadOnlySpan<long> Starts => _starts.AsSpan(0, SpanCount);

    /// <summary>The column's cursor; a column is decompressed only when first read, so skipped pages cost only what was looked at.</summary>
    private ref ColumnCursor this[Column c]
    {
        get
        {
            if (!_opened[(int)c]) Open(c);
            return ref _c[(int)c];
        }
    }

    private void Open(Column c)
    {
        var array = _data.Array(c, out var length);
        _c[(int)c] = new ColumnCursor(array, length, c);
        _opened[(int)c] = true;
    }

    /// <summary>Moves to the next trace; false at the end of the page. The previous trace must have been read or skipped.</summary>
    public bool NextTrace()
    {
        if (_tracesLeft == 0) return false;
        _tracesLeft--;
        TraceId = new TraceId(this[Column.TraceIds].ReadUInt64BigEndian(), this[Column.TraceIds].ReadUInt64BigEndian());
        var n = this[Column.TraceSpanCounts].ReadCount();
        if (n == 0) throw new InvalidDataException("page holds a trace without spans");
        SpanCount = n;
        if (_starts.Length < n)
        {
            _starts = new long[Math.Max(n, _starts.Length * 2)];
            _spanIds = new ulong[_starts.Length];
        }
        var traceStart = _blockMinStart + (long)this[Column.TraceStarts].ReadVarUInt();
        for (var i = 0; i < n; i++)
        {
            _spanIds[i] = this[Column.SpanIds].ReadUInt64BigEndian();
            _starts[i] = traceStart + (long)this[Column.StartOffsets].ReadVarUInt();
        }
        return true;
    }

    public bool AnyStartIn(TimeRange range)
    {
        foreach (var s in Starts)
        {
            if (range.Contains(s)) return true;
        }
        return false;
    }

    /// <summary>Adds the current trace's spans that start in <paramref name="range"/> to the batch; returns how many.</summary>
    public int Read(BatchBuilder target, TimeRange range)
    {
        PassPending();
        var added = 0;
        for (var i = 0; i < SpanCount; i++)
        {
            var keep = range.Contains(_starts[i]);
            if ((target.Fields & SpanFields.Rest) != 0) ReadSpan(i, keep ? target : null);
            else ReadProjected(i, keep ? target : null, target.Fields);
            if (keep) added++;
        }
        return added;
    }

    private void ReadSpan(int index, BatchBuilder? target)
    {
        var parentCode = this[Column.Parents].ReadVarUInt();
        var parent = parentCode switch
        {
            PageWriter.NoParent => 0UL,
            PageWriter.ExternalParent => this[Column.ParentIds].ReadUInt64BigEndian(),
            _ => RelativeParent(index, parentCode),
        };
        var duration = this[Column.Durations].ReadVarInt();
        var name = this[Column.Names].ReadCount();
        var kind = (SpanKind)this[Column.KindStatus].ReadByte();
        var status = (StatusCode)this[Column.KindStatus].ReadByte();
        var scope = this[Column.Scopes].ReadCount();
        var flags = (uint)this[Column.Flags].ReadVarUInt();
        var traceState = ReadString(Column.TraceStates, target);
        var statusMessage = ReadString(Column.StatusMessages, target);
        var droppedAttributes = (uint)this[Column.DroppedCounts].ReadVarUInt();
        var droppedEvents = (uint)this[Column.DroppedCounts].ReadVarUInt();
        var droppedLinks = (uint)this[Column.DroppedCounts].ReadVarUInt();

        var attributes = ReadAttributes(Column.SpanAttrKeys, this[Column.SpanAttrCounts].ReadCount(), target, target?.Batch.SpanAttributes);
        var start = _starts[index];
        var events = ReadEvents(start, target);
        var links = ReadLinks(target);
        if (target is null) return;

        var b = target.Batch;
        b.Spans.Add(new SpanRow
        {
            Scope = target.Scope(scope),
            TraceId = TraceId,
            SpanId = new SpanId(_spanIds[index]),
            ParentSpanId = new SpanId(parent),
            TraceState = traceState,
            Flags = flags,
            Name = target.DictionaryString(name),
            Kind = kind,
            StartUnixNano = start,
            EndUnixNano = start + duration,
            Attributes = attributes,
            DroppedAttributesCount = droppedAttributes,
            Events = events,
            DroppedEventsCount = droppedEvents,
            Links = links,
            DroppedLinksCount = droppedLinks,
            StatusCode = status,
            StatusMessage = statusMessage,
        });
    }

    /// <summary>
    /// Reads only the columns of <paramref name="fields"/> (without <see cref="SpanFields.Rest"/>):
    /// none of them shares a column with an unread field, so the columns left out stay untouched
    /// and are never decompressed.
    /// </summary>
    private void ReadProjected(int index, BatchBuilder? target, SpanFields fields)
    {
        var parent = 0UL;
        if ((fields & SpanFields.ParentSpanId) != 0)
        {
            var parentCode = this[Column.Parents].ReadVarUInt();
            parent = parentCode switch
            {
                PageWriter.NoParent => 0UL,
                PageWriter.ExternalParent => this[Column.ParentIds].ReadUInt64BigEndian(),
                _ => RelativeParent(index, parentCode),
            };
        }
        var duration = (fields & SpanFields.Duration) != 0 ? this[Column.Durations].ReadVarInt() : 0;
        var name = (fields & SpanFields.Name) != 0 ? this[Column.Names].ReadCount() : -1;
        SpanKind kind = default;
        StatusCode status = default;
        if ((fields & SpanFields.KindAndStatus) != 0)
        {
            kind = (SpanKind)this[Column.KindStatus].ReadByte();
            status = (StatusCode)this[Column.KindStatus].ReadByte();
        }
        var scope = (fields & SpanFields.Scope) != 0 ? this[Column.Scopes].ReadCount() : -1;
        if (target is null) return;

        var start = _starts[index];
        target.Batch.Spans.Add(new SpanRow
        {
            Scope = scope >= 0 ? target.Scope(scope) : 0,
            TraceId = TraceId,
            SpanId = new SpanId(_spanIds[index]),
            ParentSpanId = new SpanId(parent),
            Name = name >= 0 ? target.DictionaryString(name) : default,
            Kind = kind,
            StartUnixNano = start,
            EndUnixNano = start + duration,
            StatusCode = status,
        });
    }

    private ulong RelativeParent(int index, ulong code)
    {
        var at = index - (long)Encodings.VarInt.UnZigZag(code - PageWriter.FirstRelativeParent);
        if ((ulong)at >= (ulong)SpanCount) throw new InvalidDataException($"parent index {at} outside its trace of {SpanCount} spans");
        return _spanIds[at];
    }

    private RowRange ReadEvents(long spanStart, BatchBuilder? target)
    {
        var count = this[Column.EventCounts].ReadCount();
        var first = target?.Batch.Events.Count ?? 0;
        for (var i = 0; i < count; i++)
        {
            var time = spanStart + this[Column.EventTimes].ReadVarInt();
            var name = this[Column.EventNames].ReadCount();
            var dropped = (uint)this[Column.EventDropped].ReadVarUInt();
            var attributes = ReadAttributes(Column.NestedAttrKeys, this[Column.EventAttrCounts].ReadCount(), target, target?.Batch.EventAttributes);
            target?.Batch.Events.Add(new EventRow
            {
                TimeUnixNano = time,
                Name = target.DictionaryString(name),
                Attributes = attributes,
                DroppedAttributesCount = dropped,
            });
        }
        return new RowRange(first, count);
    }

    private RowRange ReadLinks(BatchBuilder? target)
    {
        var count = this[Column.LinkCounts].ReadCount();
        var first = target?.Batch.Links.Count ?? 0;
        for (var i = 0; i < count; i++)
        {
            var traceId = new TraceId(this[Column.LinkTraceIds].ReadUInt64BigEndian(), this[Column.LinkTraceIds].ReadUInt64BigEndian());
            var spanId = new SpanId(this[Column.LinkSpanIds].ReadUInt64BigEndian());
            var traceState = ReadString(Column.LinkTraceStates, target);
            var flags = (uint)this[Column.LinkFlags].ReadVarUInt();
            var dropped = (uint)this[Column.LinkDropped].ReadVarUInt();
            var attributes = ReadAttributes(Column.NestedAttrKeys, this[Column.LinkAttrCounts].ReadCount(), target, target?.Batch.LinkAttributes);
            target?.Batch.Links.Add(new LinkRow
            {
                TraceId = traceId,
                SpanId = spanId,
                TraceState = traceState,
                Attributes = attributes,
                DroppedAttributesCount = dropped,
                Flags = flags,
            });
        }
        return new RowRange(first, count);
    }
}
