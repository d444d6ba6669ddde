using Orrery.Signals;
using Orrery.Signals.Labels;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// One stream's lines in one head part, as columns: timestamps, where each line lies in the
/// byte buffer, and its metadata rows (name id, value position). No object per line. Lines are
/// kept in arrival order; when one arrives out of order, readers get a sorted permutation
/// (<see cref="Snapshot"/>). Mutated under the tenant lock; arrays are only appended to and
/// replaced by larger copies, so a snapshot (array references plus a count) stays readable
/// without the lock while appends continue.
/// </summary>
internal sealed class StreamHead(LogStream stream)
{
    private long[] _timestamps = new long[16];
    private int[] _lineStart = new int[16];
    private int[] _lineLength = new int[16];
    private int[] _metaEnd = new int[16];
    private MetaRow[] _meta = new MetaRow[32];
    private byte[] _bytes = new byte[4096];
    private int _bytesLength;
    private int _metaCount;
    private bool _sorted = true;
    private int[]? _order;
    private int _orderCount;

    public LogStream Stream { get; } = stream;

    public int Count { get; private set; }

    public long MinTimestamp { get; private set; } = long.MaxValue;

    public long MaxTimestamp { get; private set; } = long.MinValue;

    /// <summary>Bytes of lines and metadata values held.</summary>
    public long Bytes => _bytesLength;

    /// <summary>Bytes of the lines alone.</summary>
    public long LineBytes { get; private set; }

    /// <summary>
    /// Appends a line. Returns its index, or -1 when it repeats the previous line exactly (same
    /// timestamp and bytes): Loki drops such a line as a retried push.
    /// </summary>
    public int Append(long ts, ReadOnlySpan<byte> line, ByteArena arena, ReadOnlySpan<LabelRow> metadata, MetadataNames names)
    {
        var n = Count;
        if (n > 0 && ts == _timestamps[n - 1] && line.SequenceEqual(_bytes.AsSpan(_lineStart[n - 1], _lineLength[n - 1]))) return -1;
        if (n == _timestamps.Length)
        {
            Array.Resize(ref _timestamps, n * 2);
            Array.Resize(ref _lineStart, n * 2);
            Array.Resize(ref _lineLength, n * 2);
            Array.Resize(ref _metaEnd, n * 2);
        }
        var needed = line.Length;
        foreach (var m in metadata) needed += m.Value.Length;
        if (_bytesLength + needed > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _bytesLength + needed));
        if (_metaCount + metadata.Length > _meta.Length) Array.Resize(ref _meta, Math.Max(_meta.Length * 2, _metaCount + metadata.Length));

        _timestamps[n] = ts;
        _lineStart[n] = _bytesLength;
        _lineLength[n] = line.Length;
        line.CopyTo(_bytes.AsSpan(_bytesLength));
        _bytesLength += line.Length;
        foreach (var m in metadata)
        {
            var value = arena.Get(m.Value);
            _meta[_metaCount++] = new MetaRow(names.IdOf(arena.Get(m.Name)), _bytesLength, value.Length);
            value.CopyTo(_bytes.AsSpan(_bytesLength));
            _bytesLength += value.Length;
        }
        _metaEnd[n] = _metaCount;
        if (n > 0 && ts < _timestamps[n - 1]) _sorted = false;
        MinTimestamp = Math.Min(MinTimestamp, ts);
        MaxTimestamp = Math.Max(MaxTimestamp, ts);
        LineBytes += line.Length;
        Count = n + 1;
        return n;
    }

    /// <summary>Lines with timestamps in the range (both ends inclusive).</summary>
    public int CountIn(TimeRange range)
    {
        if (range.StartUnixNano <= MinTimestamp && range.EndUnixNano >= MaxTimestamp) return Count;
        var c = 0;
        for (var i = 0; i < Count; i++)
        {
            if (range.Contains(_timestamps[i])) c++;
        }
        return c;
    }

    /// <summary>What a reader may use without the lock; called under the tenant lock.</summary>
    public HeadSnapshot Snapshot(byte[][] names)
    {
        int[]? order = null;
        if (!_sorted)
        {
            if (_order is null || _orderCount != Count)
            {
                // A stable sort by (timestamp, arrival): equal timestamps keep their arrival order.
                var o = new int[Count];
                for (var i = 0; i < o.Length; i++) o[i] = i;
                var ts = _timestamps;
                Array.Sort(o, (a, b) => ts[a] != ts[b] ? ts[a].CompareTo(ts[b]) : a.CompareTo(b));
                _order = o;
                _orderCount = Count;
            }
            order = _order;
        }
        return new HeadSnapshot(Count, _timestamps, _lineStart, _lineLength, _metaEnd, _meta, _bytes, names, order);
    }
}

/// <summary>A structured-metadata pair of a head line: name id and value position in the stream's bytes.</summary>
internal readonly record struct MetaRow(int Name, int Start, int Length);

/// <summary>A stream head frozen at <see cref="Count"/> lines; <see cref="Order"/> is the sorted permutation, null when arrival order is sorted.</summary>
internal sealed record HeadSnapshot(
    int Count, long[] Timestamps, int[] LineStart, int[] LineLength, int[] MetaEnd, MetaRow[] Meta, byte[] Bytes, byte[][] Names, int[]? Order)
{
    /// <summary>The line index at sorted position <paramref name="position"/>.</summary>
    public int At(int position) => Order is null ? position : Order[position];

    public long TimestampAt(int position) => Timestamps[At(position)];

    /// <summary>The first sorted position whose timestamp is at least <paramref name="ts"/>.</summary>
    public int LowerBound(long ts)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (TimestampAt(mid) < ts) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
