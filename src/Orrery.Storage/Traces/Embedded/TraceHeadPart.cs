using System.Runtime.InteropServices;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Embedded;
using Orrery.Storage.Wal;

namespace Orrery.Storage.Traces.Embedded;

/// <summary>
/// One generation of a tenant's head: the batches appended since the last cut, indexed by trace
/// id. Batches and index entries are append-only arrays, so a reader that captured an array and
/// a count under the lock can walk them afterwards without it: nothing below that count ever
/// changes. Only the trace dictionary is mutable, so it is read under the lock.
/// </summary>
internal sealed class TraceHeadPart : IHeadPart
{
    private readonly Lock _sync = new();
    private readonly Dictionary<TraceId, TraceEntry> _traces = new();
    private SpanBatch[] _batches = new SpanBatch[64];
    private int _batchCount;
    private SpanRef[] _spans = new SpanRef[4096];
    private int _spanCount;
    private long _payloadBytes;
    private long _minStart = long.MaxValue;
    private long _maxStart = long.MinValue;

    public TraceHeadPart(long createdTimestamp) => CreatedTimestamp = createdTimestamp;

    /// <summary>When the part was started, as <see cref="TimeProvider.GetTimestamp"/>.</summary>
    public long CreatedTimestamp { get; }

    /// <summary>Tag names and values of the part's spans, for the tag APIs.</summary>
    public HeadTagIndex Tags { get; } = new();

    /// <summary>The first WAL record in the part (valid when <see cref="SpanCount"/> &gt; 0 or a batch was added).</summary>
    public WalPosition FirstPosition { get; private set; }

    /// <summary>The last WAL record in the part: once it is in a block, so is everything before it for this tenant.</summary>
    public WalPosition LastPosition { get; private set; }

    public bool IsEmpty
    {
        get
        {
            lock (_sync) return _batchCount == 0;
        }
    }

    public long SpanCount
    {
        get
        {
            lock (_sync) return _spanCount;
        }
    }

    public long PayloadBytes
    {
        get
        {
            lock (_sync) return _payloadBytes;
        }
    }

    /// <summary>Adds a batch whose record is at <paramref name="position"/>; called in WAL order.</summary>
    public void Append(SpanBatch batch, WalPosition position, long payloadBytes)
    {
        lock (_sync)
        {
            if (_batchCount == 0) FirstPosition = position;
            LastPosition = position;
            if (_batchCount == _batches.Length) _batches = Grow(_batches, _batchCount + 1);
            var batchIndex = _batchCount;
            _batches[_batchCount++] = batch;
            _payloadBytes += payloadBytes;
            if (_spanCount + batch.Count > _spans.Length) _spans = Grow(_spans, _spanCount + batch.Count);

            var rows = batch.Spans.AsSpan();
            for (var row = 0; row < rows.Length; row++)
            {
                ref readonly var span = ref rows[row];
                ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_traces, span.TraceId, out var exists);
                if (!exists)
                {
                    entry.Last = -1;
                    entry.MinStart = long.MaxValue;
                    entry.MaxStart = long.MinValue;
                }
                _spans[_spanCount] = new SpanRef(batchIndex, row, entry.Last);
                entry.Last = _spanCount++;
                entry.MinStart = Math.Min(entry.MinStart, span.StartUnixNano);
                entry.MaxStart = Math.Max(entry.MaxStart, span.StartUnixNano);
                _minStart = Math.Min(_minStart, span.StartUnixNano);
                _maxStart = Math.Max(_maxStart, span.StartUnixNano);
            }
        }
    }

    /// <summary>Every batch of the part, in append order (for writing it as a block).</summary>
    public SpanBatch[] Batches()
    {
        lock (_sync) return _batches.AsSpan(0, _batchCount).ToArray();
    }

    /// <summary>Copies the spans of <paramref name="traceId"/> whose start is in range into <paramref name="into"/>.</summary>
    /// <summary>Whether this part holds any span of the trace.</summary>
    public bool HasTrace(TraceId traceId)
    {
        lock (_sync) return _traces.ContainsKey(traceId);
    }

    public void CollectTrace(TraceId traceId, TimeRange range, TraceAssembler into)
    {
        SpanBatch[] batches;
        SpanRef[] spans;
        int last;
        lock (_sync)
        {
            if (!_traces.TryGetValue(traceId, out var entry) || !range.Overlaps(entry.MinStart, entry.MaxStart)) return;
            batches = _batches;
            spans = _spans;
            last = entry.Last;
        }
        for (var i = last; i >= 0; i = spans[i].Next)
        {
            var batch = batches[spans[i].Batch];
            if (range.Contains(batch.Spans[spans[i].Row].StartUnixNano)) into.Add(batch, spans[i].Row);
        }
    }

    /// <summary>
    /// Every trace with a span starting in the request's range, all of its spans in this part,
    /// each (trace id, span id) once. Conditions are not used to skip: the head is small and
    /// recent, and the caller evaluates them anyway.
    /// </summary>
    public IEnumerable<TraceSpans> FetchTraces(FetchSpansRequest request, CancellationToken cancellationToken)
    {
        var range = request.Range;
        List<(TraceId Id, int Last)> candidates;
        SpanBatch[] batches;
        SpanRef[] spans;
        lock (_sync)
        {
            if (_batchCount == 0 || !range.Overlaps(_minStart, _maxStart)) yield break;
            batches = _batches;
            spans = _spans;
            candidates = new List<(TraceId, int)>();
            foreach (var (id, entry) in _traces)
            {
                if (range.Overlaps(entry.MinStart, entry.MaxStart)) candidates.Add((id, entry.Last));
            }
        }

        foreach (var (id, last) in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inRange = false;
            for (var i = last; i >= 0 && !inRange; i = spans[i].Next)
            {
                inRange = range.Contains(batches[spans[i].Batch].Spans[spans[i].Row].StartUnixNano);
            }
            if (!inRange) continue;
            yield return Assemble(id, last, batches, spans);
        }
    }

    /// <summary>The part's span start bounds; false when it has no spans.</summary>
    public bool TryGetTimeBounds(out long minStart, out long maxStart)
    {
        lock (_sync)
        {
            minStart = _minStart;
            maxStart = _maxStart;
            return _spanCount > 0;
        }
    }

    private static TraceSpans Assemble(TraceId id, int last, SpanBatch[] batches, SpanRef[] spans)
    {
        // The common case, a trace whose spans all came in one batch, is served without copying.
        var firstBatch = spans[last].Batch;
        var count = 0;
        var singleBatch = true;
        for (var i = last; i >= 0; i = spans[i].Next)
        {
            count++;
            singleBatch &= spans[i].Batch == firstBatch;
        }
        if (singleBatch)
        {
            var rows = new int[count];
            var n = count;
            for (var i = last; i >= 0; i = spans[i].Next) rows[--n] = spans[i].Row;
            if (!HasDuplicateSpanIds(batches[firstBatch], rows)) return new TraceSpans(id, batches[firstBatch], rows);
        }

        var assembler = new TraceAssembler();
        for (var i = last; i >= 0; i = spans[i].Next) assembler.Add(batches[spans[i].Batch], spans[i].Row);
        var batch = assembler.Result!;
        var all = new int[batch.Count];
        for (var i = 0; i < all.Length; i++) all[i] = i;
        return new TraceSpans(id, batch, all);
    }

    private static bool HasDuplicateSpanIds(SpanBatch batch, int[] rows)
    {
        if (rows.Length < 2) return false;
        var seen = new HashSet<SpanId>(rows.Length);
        foreach (var row in rows)
        {
            if (!seen.Add(batch.Spans[row].SpanId)) return true;
        }
        return false;
    }

    private static T[] Grow<T>(T[] array, int needed)
    {
        // A new array, never an in-place resize: readers may still hold the old one.
        var grown = new T[Math.Max(needed, array.Length * 2)];
        array.CopyTo(grown, 0);
        return grown;
    }

    private struct TraceEntry
    {
        public int Last;
        public long MinStart;
        public long MaxStart;
    }

    /// <summary>A span of the part: its batch and row, and the previous span of the same trace (-1 ends the chain).</summary>
    private readonly record struct SpanRef(int Batch, int Row, int Next);
}
