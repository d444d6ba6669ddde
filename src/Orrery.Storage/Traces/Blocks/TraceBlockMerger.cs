using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// Merges blocks into one without holding their spans: each input is already sorted by trace id,
/// so a k-way merge over their pages hands the writer one trace at a time. Memory is one decoded
/// page per input (plus the pages of the trace being merged), the union of the inputs'
/// dictionaries, and the writer's per-page and per-trace state (page table, bloom filter, tag
/// index), not the input.
/// </summary>
public static class TraceBlockMerger
{
    /// <summary>
    /// Writes one block under <paramref name="parentDirectory"/> holding every span of
    /// <paramref name="inputs"/>, each (trace id, span id) once: of copies in several inputs the
    /// one in the earliest input (in list order) is kept. The inputs must stay open meanwhile.
    /// </summary>
    public static BlockMeta Merge(string parentDirectory, IReadOnlyList<TraceBlock> inputs, int compactionLevel) =>
        Merge(parentDirectory, inputs, compactionLevel, BlockWriteOptions.Default);

    internal static BlockMeta Merge(string parentDirectory, IReadOnlyList<TraceBlock> inputs, int compactionLevel, BlockWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        // Pass 1 reads only the inputs' indexes: the dictionary must be complete before the first
        // page is written, because ids are numbered in byte order.
        var dictionary = BlockDictionaryBuilder.ForLookup();
        var minStart = long.MaxValue;
        long traces = 0;
        foreach (var block in inputs)
        {
            block.AddStringsTo(dictionary);
            if (block.Meta.SpanCount > 0) minStart = Math.Min(minStart, block.Meta.MinStartUnixNano);
            traces += block.Meta.TraceCount;
        }
        dictionary.Finish();

        // The bloom filter is sized for the inputs' traces summed: an upper bound, since traces
        // shared by inputs are counted once per input; a few spare bits lower its false positives.
        var batches = new List<SpanBatch>();
        return TraceBlockWriter.WriteBlock(parentDirectory, compactionLevel, options, batches, dictionary, minStart,
            (int)Math.Min(traces, Array.MaxLength), sink => new PageMerge(inputs, batches, sink).Run());
    }

    /// <summary>The k-way merge of pass 2: collects each trace from every input, deduplicates it and writes it.</summary>
    private sealed class PageMerge(IReadOnlyList<TraceBlock> inputs, List<SpanBatch> batches, BlockPageSink sink)
    {
        private static readonly SpanBatch Released = new();

        private readonly Cursor[] _cursors = new Cursor[inputs.Count];
        private readonly List<int> _finishedSlots = [];
        private readonly HashSet<ulong> _spanIds = [];
        private SpanKey[] _trace = new SpanKey[256];

        public void Run()
        {
            try
            {
                for (var i = 0; i < inputs.Count; i++)
                {
                    _cursors[i] = new Cursor { Pages = inputs[i].ReadAll().GetEnumerator() };
                    NextPage(ref _cursors[i]);
                }
                while (NextTraceId() is { } traceId)
                {
                    var count = Collect(traceId);
                    sink.AddTrace(_trace.AsSpan(0, count));
                    foreach (var slot in _finishedSlots)
                    {
                        batches[slot] = Released;
                        sink.Scopes.Forget(slot);
                    }
                    _finishedSlots.Clear();
                }
            }
            finally
            {
                foreach (var c in _cursors) c.Pages?.Dispose();
            }
        }

        private TraceId? NextTraceId()
        {
            TraceId? min = null;
            foreach (ref var c in _cursors.AsSpan())
            {
                if (c.Batch is null) continue;
                var id = c.Batch.Spans[c.Row].TraceId;
                if (min is null || id < min.Value) min = id;
            }
            return min;
        }

        /// <summary>Takes the trace's spans from every input, in input order, keeps the first copy of each span id and orders them for the block.</summary>
        private int Collect(TraceId traceId)
        {
            _spanIds.Clear();
            var count = 0;
            foreach (ref var c in _cursors.AsSpan())
            {
                while (c.Batch is not null && c.Batch.Spans[c.Row].TraceId == traceId)
                {
                    ref var s = ref c.Batch.Spans[c.Row];
                    if (_spanIds.Add(s.SpanId.Value))
                    {
                        if (count == _trace.Length) Array.Resize(ref _trace, count * 2);
                        _trace[count++] = new SpanKey { TraceId = traceId, Start = s.StartUnixNano, SpanId = s.SpanId, Batch = c.Slot, Row = c.Row };
                    }
                    if (++c.Row == c.Batch.Count)
                    {
                        // Its spans may still be in _trace; it is released once the trace is written.
                        _finishedSlots.Add(c.Slot);
                        NextPage(ref c);
                    }
                }
            }
            _trace.AsSpan(0, count).Sort(new ByStart());
            return count;
        }

        private void NextPage(ref Cursor c)
        {
            c.Batch = null;
            c.Row = 0;
            while (c.Pages!.MoveNext())
            {
                if (c.Pages.Current.Count == 0) continue;
                c.Batch = c.Pages.Current;
                c.Slot = batches.Count;
                batches.Add(c.Batch);
                return;
            }
        }
    }

    private struct Cursor
    {
        public IEnumerator<SpanBatch>? Pages;
        public SpanBatch? Batch;
        public int Slot;
        public int Row;
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
