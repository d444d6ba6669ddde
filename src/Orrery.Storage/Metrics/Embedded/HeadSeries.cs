using System.Buffers;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// One series in the head: its labels as symbol ids, closed chunks (their bytes in the tenant's
/// <see cref="HeadChunkFiles"/>, here only a 20-byte reference each, the array replaced on change
/// so readers can hold it), one open chunk, and a sorted buffer of out-of-order samples. Chunk
/// state is guarded by locking the series: appends run one batch at a time (the tenant's append
/// lock), readers snapshot briefly, copying closed chunks' bytes out of the files under the lock.
/// </summary>
/// <remarks>
/// Chunks never straddle a block-range boundary, so a cut takes whole chunks. Memory per series
/// is the object (88 B), its label ids (4 B a label), the open chunk (~240 B with its buffer) and
/// 20 B per closed chunk (~0.17 B a sample); see README.md's table. The open float chunk is kept
/// and restarted when it closes, so a steady series allocates nothing after its first chunk.
/// </remarks>
internal sealed class HeadSeries
{
    private HeadChunkRef[] _closed = [];
    private XorChunk? _floats;
    private long _openWindowEnd;
    private long _maxTime = long.MinValue;
    private ulong _lastValueBits;
    private RareState? _rare;
    private bool _lastUnknown;

    public HeadSeries(int id, int[] labels, int metricName)
    {
        Id = id;
        Labels = new SymbolPairs(labels);
        MetricName = metricName;
    }

    public int Id { get; }

    /// <summary>Name, value symbol id pairs, sorted by name (packed: see <see cref="SymbolPairs"/>).</summary>
    public SymbolPairs Labels { get; }

    /// <summary>Symbol id of <c>__name__</c>'s value, or -1.</summary>
    public int MetricName { get; }

    /// <summary>True once a WAL record defining this series is durable; until then every record that uses it defines it again.</summary>
    public volatile bool Logged;

    /// <summary>The batch (stamp) whose record last wrote this series' definition, so one record defines it once.</summary>
    public int DefinedInRecord { get; set; }

    /// <summary>Timestamp of the newest exemplar kept, so resent exemplars are stored once.</summary>
    public long LastExemplarMs
    {
        get => _rare?.LastExemplarMs ?? long.MinValue;
        set => Rare.LastExemplarMs = value;
    }

    private RareState Rare => _rare ??= new RareState();

    private HistogramChunk? OpenHistograms
    {
        get => _rare?.OpenHistograms;
        set
        {
            if (value is not null || _rare is not null) Rare.OpenHistograms = value;
        }
    }

    private NativeHistogram? LastHistogram
    {
        get => _rare?.LastHistogram;
        set
        {
            if (value is not null || _rare is not null) Rare.LastHistogram = value;
        }
    }

    private List<OooSample>? OutOfOrder
    {
        get => _rare?.OutOfOrder;
        set
        {
            if (value is not null || _rare is not null) Rare.OutOfOrder = value;
        }
    }

    public long MaxTimeMs
    {
        get
        {
            lock (this) return _maxTime;
        }
    }

    public AppendOutcome AppendFloat(long timestampMs, double value, long blockRangeMs, long oooWindowMs, HeadChunkFiles files)
    {
        lock (this)
        {
            var bits = BitConverter.DoubleToUInt64Bits(value);
            if (timestampMs > _maxTime)
            {
                if (_floats is not { Count: > 0 } || _floats.Count >= XorChunk.TargetSamples || timestampMs >= _openWindowEnd)
                {
                    CloseOpenChunks(files, reuseFloatChunk: true);
                    _floats ??= new XorChunk();
                    _openWindowEnd = WindowEnd(timestampMs, blockRangeMs);
                }
                _floats.Append(timestampMs, value);
                _maxTime = timestampMs;
                _lastValueBits = bits;
                LastHistogram = null;
                _lastUnknown = false;
                return AppendOutcome.Appended;
            }
            if (timestampMs == _maxTime)
            {
                if (_lastUnknown) return Compare(FindInChunks(timestampMs, files), new OooSample(timestampMs, value, null));
                return LastHistogram is null && _lastValueBits == bits ? AppendOutcome.Duplicate : AppendOutcome.Conflict;
            }
            if (timestampMs < _maxTime - oooWindowMs) return AppendOutcome.TooOld;
            return AppendOutOfOrder(new OooSample(timestampMs, value, null), files);
        }
    }

    public AppendOutcome AppendHistogram(long timestampMs, NativeHistogram histogram, long blockRangeMs, long oooWindowMs, HeadChunkFiles files)
    {
        lock (this)
        {
            if (timestampMs > _maxTime)
            {
                if (OpenHistograms is null || OpenHistograms.Count >= XorChunk.TargetSamples || timestampMs >= _openWindowEnd)
                {
                    CloseOpenChunks(files);
                    OpenHistograms = new HistogramChunk();
                    _openWindowEnd = WindowEnd(timestampMs, blockRangeMs);
                }
                OpenHistograms.Append(timestampMs, histogram);
                _maxTime = timestampMs;
                LastHistogram = histogram;
                _lastUnknown = false;
                return AppendOutcome.Appended;
            }
            if (timestampMs == _maxTime)
            {
                if (_lastUnknown) return Compare(FindInChunks(timestampMs, files), new OooSample(timestampMs, 0, histogram));
                return LastHistogram is not null && HistogramValues.Same(LastHistogram, histogram) ? AppendOutcome.Duplicate : AppendOutcome.Conflict;
            }
            if (timestampMs < _maxTime - oooWindowMs) return AppendOutcome.TooOld;
            return AppendOutOfOrder(new OooSample(timestampMs, 0, histogram), files);
        }
    }

    /// <summary>
    /// Restores checkpointed chunks (oldest first) as closed chunks, written to the chunk files
    /// without decoding them: the newest sample's value, needed only to tell a resend from a
    /// conflict, is read lazily.
    /// </summary>
    public void RestoreChunks(ChunkRef[] chunks, HeadChunkFiles files)
    {
        lock (this)
        {
            var closed = new HeadChunkRef[_closed.Length + chunks.Length];
            _closed.CopyTo(closed, 0);
            for (var i = 0; i < chunks.Length; i++)
            {
                closed[_closed.Length + i] = new HeadChunkRef(chunks[i].MinTimeMs, chunks[i].MaxTimeMs, files.Append(chunks[i].Bytes.Span));
            }
            _closed = closed;
            foreach (var c in chunks)
            {
                if (c.MaxTimeMs <= _maxTime) continue;
                _maxTime = c.MaxTimeMs;
                _lastUnknown = true;
            }
        }
    }

    /// <summary>
    /// Every chunk and out-of-order sample overlapping the range, chunks copied (closed ones out
    /// of the files, all into one array); false when none.
    /// </summary>
    public bool Snapshot(long minTimeMs, long maxTimeMs, List<ChunkRef> chunks, out OooSample[]? ooo, HeadChunkFiles files)
    {
        ooo = null;
        lock (this)
        {
            var closed = _closed.Length <= 64 ? stackalloc int[_closed.Length] : new int[_closed.Length];
            var total = 0;
            for (var i = 0; i < _closed.Length; i++)
            {
                closed[i] = _closed[i].Overlaps(minTimeMs, maxTimeMs) ? files.LengthOf(_closed[i].Location) : -1;
                total += Math.Max(0, closed[i]);
            }
            var f = _floats is { Count: > 0 } open && open.MinTimeMs <= maxTimeMs && open.MaxTimeMs >= minTimeMs ? open : null;
            var h = OpenHistograms is { Count: > 0 } openH && openH.MinTimeMs <= maxTimeMs && openH.MaxTimeMs >= minTimeMs ? openH : null;
            total += (f?.Bytes.Length ?? 0) + (h?.Bytes.Length ?? 0);
            if (total > 0)
            {
                var bytes = new byte[total];
                var at = 0;
                for (var i = 0; i < _closed.Length; i++)
                {
                    if (closed[i] < 0) continue;
                    var c = _closed[i];
                    files.Read(c.Location, bytes.AsSpan(at, closed[i]));
                    chunks.Add(new ChunkRef(c.MinTimeMs, c.MaxTimeMs, bytes.AsMemory(at, closed[i])));
                    at += closed[i];
                }
                if (f is not null) chunks.Add(new ChunkRef(f.MinTimeMs, f.MaxTimeMs, CopyInto(bytes, ref at, f.Bytes.Span)));
                if (h is not null) chunks.Add(new ChunkRef(h.MinTimeMs, h.MaxTimeMs, CopyInto(bytes, ref at, h.Bytes.Span)));
            }
            if (OutOfOrder is { Count: > 0 })
            {
                var from = LowerBound(OutOfOrder, minTimeMs);
                var to = LowerBound(OutOfOrder, maxTimeMs == long.MaxValue ? long.MaxValue : maxTimeMs + 1);
                if (to > from) ooo = OutOfOrder.GetRange(from, to - from).ToArray();
            }
        }
        return chunks.Count > 0 || ooo is not null;
    }

    /// <summary>True when the series has data in the range (no copying).</summary>
    public bool HasData(long minTimeMs, long maxTimeMs)
    {
        lock (this)
        {
            foreach (var c in _closed)
            {
                if (c.Overlaps(minTimeMs, maxTimeMs)) return true;
            }
            if (_floats is { Count: > 0 } f && f.MinTimeMs <= maxTimeMs && f.MaxTimeMs >= minTimeMs) return true;
            if (OpenHistograms is { Count: > 0 } h && h.MinTimeMs <= maxTimeMs && h.MaxTimeMs >= minTimeMs) return true;
            if (OutOfOrder is null) return false;
            foreach (var s in OutOfOrder)
            {
                if (s.TimestampMs >= minTimeMs && s.TimestampMs <= maxTimeMs) return true;
            }
            return false;
        }
    }

    /// <summary>Chunks and samples held now, and the oldest timestamp among them (long.MaxValue when empty).</summary>
    public void Measure(out int chunks, out long minTimeMs)
    {
        lock (this)
        {
            chunks = _closed.Length + (_floats is { Count: > 0 } ? 1 : 0) + (OpenHistograms is null ? 0 : 1);
            minTimeMs = long.MaxValue;
            if (_closed.Length > 0) minTimeMs = _closed.Min(c => c.MinTimeMs);
            if (_floats is { Count: > 0 }) minTimeMs = Math.Min(minTimeMs, _floats.MinTimeMs);
            if (OpenHistograms is { Count: > 0 }) minTimeMs = Math.Min(minTimeMs, OpenHistograms.MinTimeMs);
            if (OutOfOrder is { Count: > 0 }) minTimeMs = Math.Min(minTimeMs, OutOfOrder[0].TimestampMs);
        }
    }

    public bool IsEmpty
    {
        get
        {
            lock (this) return _closed.Length == 0 && _floats is not { Count: > 0 } && OpenHistograms is null && (OutOfOrder is null || OutOfOrder.Count == 0);
        }
    }

    /// <summary>
    /// For a cut: closes the open chunk when it lies before <paramref name="endMs"/>, then returns
    /// the closed chunks and out-of-order samples before it. Nothing is removed until
    /// <see cref="RemoveCut"/>, so a failed block write loses nothing.
    /// </summary>
    /// <remarks>The references stay live until <see cref="RemoveCut"/>, so the cut reads their bytes without the series lock.</remarks>
    public bool CaptureBefore(long endMs, HeadChunkFiles files, out HeadChunkRef[] chunks, out OooSample[] ooo)
    {
        lock (this)
        {
            if (_floats is { Count: > 0 } f && f.MaxTimeMs < endMs) CloseOpenChunks(files);
            if (OpenHistograms is { Count: > 0 } h && h.MaxTimeMs < endMs) CloseOpenChunks(files);
            chunks = _closed.Where(c => c.MaxTimeMs < endMs).ToArray();
            ooo = OutOfOrder is null ? [] : OutOfOrder.Where(s => s.TimestampMs < endMs).ToArray();
            return chunks.Length > 0 || ooo.Length > 0;
        }
    }

    /// <summary>Drops what <see cref="CaptureBefore"/> returned, now that it is in a block.</summary>
    public void RemoveCut(HeadChunkRef[] chunks, OooSample[] ooo, HeadChunkFiles files)
    {
        lock (this)
        {
            if (chunks.Length > 0)
            {
                var kept = new List<HeadChunkRef>(_closed.Length);
                foreach (var c in _closed)
                {
                    if (!IsIn(chunks, c.Location)) kept.Add(c);
                }
                foreach (var c in _closed)
                {
                    if (IsIn(chunks, c.Location)) files.Release(c.Location);
                }
                _closed = kept.Count == 0 ? [] : kept.ToArray();
            }
            if (ooo.Length == 0 || OutOfOrder is null) return;
            foreach (var s in ooo)
            {
                var i = LowerBound(OutOfOrder, s.TimestampMs);
                if (i < OutOfOrder.Count && OutOfOrder[i].TimestampMs == s.TimestampMs) OutOfOrder.RemoveAt(i);
            }
            if (OutOfOrder.Count == 0) OutOfOrder = null;
        }
    }

    /// <summary>
    /// For a checkpoint: closed chunks (references: the checkpoint reads their bytes; it runs
    /// under the maintenance lock, as cuts do, so none is released meanwhile), the open chunk's
    /// bytes and out-of-order samples as they are now.
    /// </summary>
    public void SnapshotAll(out HeadChunkRef[] closed, out ChunkRef? open, out OooSample[] ooo)
    {
        lock (this)
        {
            closed = _closed;
            open = null;
            if (_floats is { Count: > 0 } f) open = new ChunkRef(f.MinTimeMs, f.MaxTimeMs, f.Bytes.ToArray());
            else if (OpenHistograms is { Count: > 0 } h) open = new ChunkRef(h.MinTimeMs, h.MaxTimeMs, h.Bytes.ToArray());
            ooo = OutOfOrder?.ToArray() ?? [];
        }
    }

    private AppendOutcome AppendOutOfOrder(OooSample sample, HeadChunkFiles files)
    {
        OutOfOrder ??= new List<OooSample>(4);
        var i = LowerBound(OutOfOrder, sample.TimestampMs);
        if (i < OutOfOrder.Count && OutOfOrder[i].TimestampMs == sample.TimestampMs) return Compare(OutOfOrder[i], sample);
        if (FindInChunks(sample.TimestampMs, files) is { } stored) return Compare(stored, sample);
        OutOfOrder.Insert(i, sample);
        return AppendOutcome.AppendedOutOfOrder;
    }

    /// <summary>The in-order sample at <paramref name="timestampMs"/>, decoding the one chunk that could hold it.</summary>
    private OooSample? FindInChunks(long timestampMs, HeadChunkFiles files)
    {
        foreach (var c in _closed)
        {
            if (c.MinTimeMs > timestampMs || c.MaxTimeMs < timestampMs) continue;
            var length = files.LengthOf(c.Location);
            var bytes = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                files.Read(c.Location, bytes.AsSpan(0, length));
                return Find(Chunks.Iterate(bytes.AsMemory(0, length)), timestampMs);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
        if (_floats is { Count: > 0 } f && f.MinTimeMs <= timestampMs) return Find(f.Iterator(), timestampMs);
        if (OpenHistograms is { Count: > 0 } h && h.MinTimeMs <= timestampMs) return Find(h.Iterator(), timestampMs);
        return null;
    }

    private static OooSample? Find(ISampleIterator it, long timestampMs)
    {
        var kind = it.Seek(timestampMs);
        if (kind == SampleKind.None || it.TimestampMs != timestampMs) return null;
        return kind == SampleKind.Histogram ? new OooSample(timestampMs, 0, it.Histogram()) : new OooSample(timestampMs, it.Value, null);
    }

    private static AppendOutcome Compare(OooSample? found, OooSample incoming)
    {
        if (found is not { } stored) return AppendOutcome.Conflict;
        var same = stored.Histogram is null
            ? incoming.Histogram is null && BitConverter.DoubleToUInt64Bits(stored.Value) == BitConverter.DoubleToUInt64Bits(incoming.Value)
            : incoming.Histogram is not null && HistogramValues.Same(stored.Histogram, incoming.Histogram);
        return same ? AppendOutcome.Duplicate : AppendOutcome.Conflict;
    }

    /// <summary>
    /// Writes the open chunks' bytes to the files; the series keeps a reference (the array grows
    /// by one, copied: readers may hold the old one).
    /// </summary>
    /// <param name="reuseFloatChunk">
    /// True when the series appends a float next: its chunk object and buffer are emptied and kept
    /// for the next chunk instead of becoming garbage. A chunk lives minutes to hours, so a
    /// discarded one dies in gen 2, where the GC sweeps instead of compacting: across a head of
    /// 100k series this left gen 2 about 40 % free space.
    /// </param>
    private void CloseOpenChunks(HeadChunkFiles files, bool reuseFloatChunk = false)
    {
        if (_floats is { Count: > 0 } f) _closed = [.. _closed, new HeadChunkRef(f.MinTimeMs, f.MaxTimeMs, files.Append(f.Bytes.Span))];
        if (OpenHistograms is { Count: > 0 } h) _closed = [.. _closed, new HeadChunkRef(h.MinTimeMs, h.MaxTimeMs, files.Append(h.Bytes.Span))];
        if (reuseFloatChunk) _floats?.Restart();
        else _floats = null;
        OpenHistograms = null;
    }

    private static ReadOnlyMemory<byte> CopyInto(byte[] bytes, ref int at, ReadOnlySpan<byte> chunk)
    {
        chunk.CopyTo(bytes.AsSpan(at));
        var memory = bytes.AsMemory(at, chunk.Length);
        at += chunk.Length;
        return memory;
    }

    private static bool IsIn(HeadChunkRef[] chunks, ulong location)
    {
        foreach (var c in chunks)
        {
            if (c.Location == location) return true;
        }
        return false;
    }

    private static int LowerBound(List<OooSample> samples, long timestampMs)
    {
        int lo = 0, hi = samples.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (samples[mid].TimestampMs < timestampMs) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>The end (exclusive) of the block-range-aligned window holding <paramref name="timestampMs"/>.</summary>
    public static long WindowEnd(long timestampMs, long blockRangeMs) => WindowStart(timestampMs, blockRangeMs) + blockRangeMs;

    public static long WindowStart(long timestampMs, long blockRangeMs)
    {
        var r = timestampMs % blockRangeMs;
        if (r < 0) r += blockRangeMs;
        return timestampMs - r;
    }

    /// <summary>
    /// What only some series need (histogram series, late samples, exemplars), kept out of line:
    /// a float series that never sees any pays one reference instead of four fields.
    /// </summary>
    private sealed class RareState
    {
        public HistogramChunk? OpenHistograms;
        public NativeHistogram? LastHistogram;
        public List<OooSample>? OutOfOrder;
        public long LastExemplarMs = long.MinValue;
    }
}
