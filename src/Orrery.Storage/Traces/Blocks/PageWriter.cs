using System.IO.Compression;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Encodes the spans of one page into columns, compresses each column on its own and appends the
/// page to the data file. Reused for every page of a block, so its buffers are allocated once.
/// </summary>
internal sealed partial class PageWriter
{
    private const int ColumnSlots = (int)Column.InlineStrings + 1;

    private readonly IReadOnlyList<SpanBatch> _batches;
    private readonly BlockDictionaryBuilder _dictionary;
    private readonly ScopeTableBuilder _scopes;
    private readonly TagIndexBuilder _tags;
    private readonly BlockWriteOptions _options;
    private readonly long _blockMinStart;
    private readonly ByteBuffer[] _columns = new ByteBuffer[ColumnSlots];
    private readonly AttributeColumnWriter _spanAttributes;
    private readonly AttributeColumnWriter _nestedAttributes;
    private readonly Dictionary<ulong, int> _spanIndex = new();
    private readonly ByteBuffer _page = new(1 << 16);
    private readonly HashSet<int> _names = [];
    private readonly HashSet<int> _scopeIds = [];
    private readonly int[] _firstSpanOfBatch;
    private PageInfo _info = NewInfo();

    /// <param name="batches">The input; a streaming writer may grow it and replace batches it is done with, keeping indexes.</param>
    public PageWriter(IReadOnlyList<SpanBatch> batches, BlockDictionaryBuilder dictionary, ScopeTableBuilder scopes,
        TagIndexBuilder tags, BlockWriteOptions options, long blockMinStart)
    {
        _batches = batches;
        _dictionary = dictionary;
        _scopes = scopes;
        _tags = tags;
        _options = options;
        _blockMinStart = blockMinStart;
        // Spans are numbered in arrival order, which is how the dictionary recorded their strings.
        _firstSpanOfBatch = new int[batches.Count];
        for (var b = 1; b < batches.Count; b++) _firstSpanOfBatch[b] = _firstSpanOfBatch[b - 1] + batches[b - 1].Count;
        for (var i = 1; i < ColumnSlots; i++) _columns[i] = new ByteBuffer(1024);
        _spanAttributes = new AttributeColumnWriter(_columns, Column.SpanAttrKeys);
        _nestedAttributes = new AttributeColumnWriter(_columns, Column.NestedAttrKeys);
    }

    public int SpanCount => _info.SpanCount;

    private ByteBuffer this[Column c] => _columns[(int)c];

    /// <summary>Appends the spans of one trace (or of one part of a trace too large for a page), in block order.</summary>
    public void AddTrace(ReadOnlySpan<SpanKey> spans)
    {
        var traceId = spans[0].TraceId;
        var traceStart = spans[0].Start;
        if (_info.TraceCount == 0) _info.MinTraceId = traceId;
        _info.MaxTraceId = traceId;
        _info.TraceCount++;
        PageInfo.WriteTraceId(this[Column.TraceIds], traceId);
        this[Column.TraceSpanCounts].WriteVarUInt((ulong)spans.Length);
        this[Column.TraceStarts].WriteVarUInt((ulong)(traceStart - _blockMinStart));

        IndexSpanIds(spans);
        for (var i = 0; i < spans.Length; i++) AddSpan(spans, i, traceStart);
    }

    private void AddSpan(ReadOnlySpan<SpanKey> spans, int index, long traceStart)
    {
        var key = spans[index];
        var batch = _batches[key.Batch];
        ref var s = ref batch.Spans[key.Row];
        _info.SpanCount++;

        this[Column.SpanIds].WriteUInt64BigEndian(s.SpanId.Value);
        WriteParent(spans, index, s.ParentSpanId);
        this[Column.StartOffsets].WriteVarUInt((ulong)(s.StartUnixNano - traceStart));
        var duration = s.EndUnixNano - s.StartUnixNano;
        this[Column.Durations].WriteVarInt(duration);
        if (!_dictionary.LooksUp) _dictionary.SeekSpan(_firstSpanOfBatch[key.Batch] + key.Row);
        var nameId = _dictionary.NextId(batch.Utf8(s.Name));
        this[Column.Names].WriteVarUInt((ulong)nameId);
        this[Column.KindStatus].WriteByte((byte)s.Kind);
        this[Column.KindStatus].WriteByte((byte)s.StatusCode);
        var scopeId = _scopes.Map(key.Batch, s.Scope);
        this[Column.Scopes].WriteVarUInt((ulong)scopeId);
        this[Column.Flags].WriteVarUInt(s.Flags);
        _dictionary.WriteNextValue(batch.Utf8(s.TraceState), this[Column.TraceStates], this[Column.InlineStrings]);
        _dictionary.WriteNextValue(batch.Utf8(s.StatusMessage), this[Column.StatusMessages], this[Column.InlineStrings]);
        var dropped = this[Column.DroppedCounts];
        dropped.WriteVarUInt(s.DroppedAttributesCount);
        dropped.WriteVarUInt(s.DroppedEventsCount);
        dropped.WriteVarUInt(s.DroppedLinksCount);

        this[Column.SpanAttrCounts].WriteVarUInt((ulong)s.Attributes.Count);
        _spanAttributes.Write(batch, batch.SpanAttributes, s.Attributes, _dictionary, _tags, AttributeScope.Span);
        WriteEvents(batch, ref s);
        WriteLinks(batch, ref s);

        _info.MinStart = Math.Min(_info.MinStart, s.StartUnixNano);
        _info.MaxStart = Math.Max(_info.MaxStart, s.StartUnixNano);
        _info.MinDuration = Math.Min(_info.MinDuration, duration);
        _info.MaxDuration = Math.Max(_info.MaxDuration, duration);
        _info.KindMask |= MaskBit((byte)s.Kind);
        _info.StatusMask |= MaskBit((byte)s.StatusCode);
        _names.Add(nameId);
        _scopeIds.Add(scopeId);
    }

    /// <summary>Bit <c>1 &lt;&lt; v</c> for small values; bit 7 stands for every value of 7 or more.</summary>
    public static byte MaskBit(byte value) => (byte)(1 << Math.Min((int)value, 7));

    private void WriteEvents(SpanBatch batch, ref SpanRow s)
    {
        this[Column.EventCounts].WriteVarUInt((ulong)s.Events.Count);
        for (var i = s.Events.Start; i < s.Events.End; i++)
        {
            ref var e = ref batch.Events[i];
            this[Column.EventTimes].WriteVarInt(e.TimeUnixNano - s.StartUnixNano);
            this[Column.EventNames].WriteVarUInt((ulong)_dictionary.NextId(batch.Utf8(e.Name)));
            this[Column.EventDropped].WriteVarUInt(e.DroppedAttributesCount);
            this[Column.EventAttrCounts].WriteVarUInt((ulong)e.Attributes.Count);
            _nestedAttributes.Write(batch, batch.EventAttributes, e.Attributes, _dictionary, _tags, AttributeScope.Event);
        }
    }

    private void WriteLinks(SpanBatch batch, ref SpanRow s)
    {
        this[Column.LinkCounts].WriteVarUInt((ulong)s.Links.Count);
        for (var i = s.Links.Start; i < s.Links.End; i++)
        {
            ref var l = ref batch.Links[i];
            PageInfo.WriteTraceId(this[Column.LinkTraceIds], l.TraceId);
            this[Column.LinkSpanIds].WriteUInt64BigEndian(l.SpanId.Value);
            _dictionary.WriteNextValue(batch.Utf8(l.TraceState), this[Column.LinkTraceStates], this[Column.InlineStrings]);
            this[Column.LinkFlags].WriteVarUInt(l.Flags);
            this[Column.LinkDropped].WriteVarUInt(l.DroppedAttributesCount);
            this[Column.LinkAttrCounts].WriteVarUInt((ulong)l.Attributes.Count);
            _nestedAttributes.Write(batch, batch.LinkAttributes, l.Attributes, _dictionary, _tags, AttributeScope.Link);
        }
    }

    private static PageInfo NewInfo() => new()
    {
        MinStart = long.MaxValue,
        MaxStart = long.MinValue,
        MinDuration = long.MaxValue,
        MaxDuration = long.MinValue,
    };
}
