using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>Where one input span lives, with the fields a block sorts and deduplicates by.</summary>
internal struct SpanKey
{
    public TraceId TraceId;
    public long Start;
    public SpanId SpanId;
    public int Batch;
    public int Row;
}

/// <summary>Orders the input spans of a block: by trace id, then start time, each (trace id, span id) once.</summary>
internal static class SpanOrder
{
    /// <summary>
    /// Returns the kept spans in block order. Of several copies of one (trace id, span id) the
    /// first received is kept: clients retry whole exports, so copies are normally identical.
    /// </summary>
    public static SpanKey[] Build(IReadOnlyList<SpanBatch> batches, out int count)
    {
        var total = 0;
        foreach (var b in batches) total += b.Count;

        // Sort 8-byte keys with their (batch, row), not 40-byte structs through a comparer: the
        // high half of random trace ids already orders almost everything, and (batch, row) packed
        // into one long is the arrival order. Only runs sharing the high half (one trace's spans)
        // are then ordered by the full comparer, which insertion-sorts such short runs.
        var high = new ulong[total];
        var arrival = new long[total];
        var n = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            var spans = batches[b].Spans.AsSpan();
            for (var r = 0; r < spans.Length; r++)
            {
                high[n] = spans[r].TraceId.High;
                arrival[n++] = ((long)b << 32) | (uint)r;
            }
        }
        Array.Sort(high, arrival);

        var keys = new SpanKey[total];
        for (var i = 0; i < total; i++)
        {
            var b = (int)(arrival[i] >> 32);
            var r = (int)arrival[i];
            ref var s = ref batches[b].Spans[r];
            keys[i] = new SpanKey { TraceId = s.TraceId, Start = s.StartUnixNano, SpanId = s.SpanId, Batch = b, Row = r };
        }

        // Copies of a span may differ in start time (a client bug, or a re-sent span after a clock
        // change), so duplicates are found in (trace, span id, arrival) order, not in block order.
        for (int run = 0, i = 1; i <= total; i++)
        {
            if (i < total && high[i] == high[run]) continue;
            if (i - run > 1) keys.AsSpan(run, i - run).Sort(new ByIdThenArrival());
            run = i;
        }
        var kept = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            if (kept > 0 && keys[kept - 1].TraceId == keys[i].TraceId && keys[kept - 1].SpanId == keys[i].SpanId) continue;
            keys[kept++] = keys[i];
        }

        var start = 0;
        for (var i = 1; i <= kept; i++)
        {
            if (i < kept && keys[i].TraceId == keys[start].TraceId) continue;
            if (i - start > 1) keys.AsSpan(start, i - start).Sort(new ByStart());
            start = i;
        }
        count = kept;
        return keys;
    }

    private readonly struct ByIdThenArrival : IComparer<SpanKey>
    {
        public int Compare(SpanKey a, SpanKey b)
        {
            var c = a.TraceId.CompareTo(b.TraceId);
            if (c != 0) return c;
            c = a.SpanId.Value.CompareTo(b.SpanId.Value);
            if (c != 0) return c;
            c = a.Batch.CompareTo(b.Batch);
            return c != 0 ? c : a.Row.CompareTo(b.Row);
        }
    }

    private readonly struct ByStart : IComparer<SpanKey>
    {
        public int Compare(SpanKey a, SpanKey b)
        {
            var c = a.Start.CompareTo(b.Start);
            return c != 0 ? c : a.SpanId.Value.CompareTo(b.SpanId.Value);
        }
    }
}
