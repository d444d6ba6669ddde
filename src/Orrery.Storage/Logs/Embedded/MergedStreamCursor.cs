using Orrery.Signals.Labels;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// A stream's lines from all its sources (head snapshots, block chunks) merged in time order,
/// each line once: a line equal to one already yielded at the same timestamp is skipped (a
/// retried push, or a part replayed from the WAL after its block was written), as Loki dedupes.
/// Sources open lazily, in the order their bounds are reached, so a query that stops after a
/// few lines reads only the chunks those lines came from.
/// </summary>
internal sealed class MergedStreamCursor : LogStreamCursor
{
    private readonly LineSource[] _pending;
    private readonly List<LineSource> _open = [];
    private readonly bool _backward;
    private readonly long _start;
    private readonly long _end;
    private readonly LineFilter? _filter;
    private readonly Action? _onDispose;
    private readonly int _prefetchDepth;
    private int _prefetched;
    private bool _scanning;
    private readonly ByteBuffer _seen = new(1024);
    private readonly List<int> _seenEnds = [];
    private int _nextPending;
    private LineSource? _current;
    private long _seenTimestamp = long.MinValue;
    private bool _disposed;

    /// <param name="prefetch">Once the cursor has read past its first source (it is scanning, not
    /// taking the first few lines), decode the next sources on other cores ahead of the merge.</param>
    public MergedStreamCursor(LabelSet labels, List<LineSource> sources, long start, long end, bool backward, LineFilter? filter, Action? onDispose, bool prefetch = false)
        : base(labels)
    {
        // As many sources ahead as there are other cores, and at least one: the merge decodes one itself meanwhile.
        _prefetchDepth = prefetch ? Math.Max(1, Environment.ProcessorCount) : 0;
        _backward = backward;
        _start = start;
        _end = end;
        _filter = filter is { IsEmpty: false } ? filter : null;
        _onDispose = onDispose;
        _pending = backward
            ? [.. sources.OrderByDescending(s => s.MaxTimestamp)]
            : [.. sources.OrderBy(s => s.MinTimestamp)];
    }

    /// <summary>Sources the cursor may read (after the select's skipping); for tests and diagnostics.</summary>
    public int SourceCount => _pending.Length;

    /// <summary>Sources opened so far (chunks decoded, for block sources).</summary>
    public int OpenedSources => _nextPending;

    public override bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            if (_current is not null && !_current.Advance())
            {
                _open.Remove(_current);
                _current.Dispose();
                _scanning = true;
            }
            _current = null;
            var best = Best();
            while (_nextPending < _pending.Length)
            {
                var p = _pending[_nextPending];
                var needed = best is null || (_backward ? p.MaxTimestamp >= best.Timestamp : p.MinTimestamp <= best.Timestamp);
                if (!needed) break;
                _nextPending++;
                if (_scanning) PrefetchAhead();
                if (p.Open(_start, _end, _backward))
                {
                    _open.Add(p);
                    if (best is null || (_backward ? p.Timestamp > best.Timestamp : p.Timestamp < best.Timestamp)) best = p;
                }
                else
                {
                    p.Dispose();
                    _scanning = true;
                }
            }
            if (best is null) return false;
            _current = best;
            if (_filter is not null && !_filter.Accepts(best)) continue;
            if (IsRepeat(best.Timestamp, best.Line)) continue;
            return true;
        }
    }

    /// <summary>Starts the next <c>_prefetchDepth</c> pending sources (in merge order) on the thread pool.</summary>
    private void PrefetchAhead()
    {
        if (_prefetchDepth == 0) return;
        _prefetched = Math.Max(_prefetched, _nextPending);
        while (_prefetched < _pending.Length && _prefetched < _nextPending + _prefetchDepth) _pending[_prefetched++].Prefetch();
    }

    private LineSource? Best()
    {
        LineSource? best = null;
        foreach (var s in _open)
        {
            if (best is null || (_backward ? s.Timestamp > best.Timestamp : s.Timestamp < best.Timestamp)) best = s;
        }
        return best;
    }

    /// <summary>True when the same line was already yielded at this timestamp; otherwise remembers it.</summary>
    private bool IsRepeat(long ts, ReadOnlySpan<byte> line)
    {
        if (ts != _seenTimestamp)
        {
            _seenTimestamp = ts;
            _seen.Clear();
            _seenEnds.Clear();
        }
        else
        {
            var start = 0;
            foreach (var end in _seenEnds)
            {
                if (_seen.Written[start..end].SequenceEqual(line)) return true;
                start = end;
            }
        }
        _seen.Write(line);
        _seenEnds.Add(_seen.Length);
        return false;
    }

    public override long TimestampNs => Current.Timestamp;

    public override ReadOnlySpan<byte> Line => Current.Line;

    public override int MetadataCount => Current.MetadataCount;

    public override ReadOnlySpan<byte> MetadataName(int index) => Current.MetadataName(index);

    public override ReadOnlySpan<byte> MetadataValue(int index) => Current.MetadataValue(index);

    private LineSource Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true");

    public override void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var s in _open) s.Dispose();
        _open.Clear();
        for (var i = _nextPending; i < _pending.Length; i++) _pending[i].Dispose();
        _onDispose?.Invoke();
        base.Dispose();
    }
}
