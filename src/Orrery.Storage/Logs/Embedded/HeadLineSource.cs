namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// Lines of a stream head snapshot in sorted order, or only the listed lines (the trace index's
/// hits, <paramref name="only"/> sorted by timestamp then arrival).
/// </summary>
internal sealed class HeadLineSource(HeadSnapshot head, long minTs, long maxTs, int[]? only = null) : LineSource
{
    private int _position;
    private int _end;
    private int _step;
    private long _start;
    private long _stop;
    private int _line;

    public override long MinTimestamp => minTs;

    public override long MaxTimestamp => maxTs;

    public override bool Open(long start, long end, bool backward)
    {
        _start = start;
        _stop = end;
        _step = backward ? -1 : 1;
        if (only is not null)
        {
            _position = backward ? only.Length - 1 : 0;
            _end = backward ? -1 : only.Length;
            _position -= _step;
            return Advance();
        }
        var lo = head.LowerBound(start);
        var hi = end == long.MaxValue ? head.Count : head.LowerBound(end + 1);
        if (lo >= hi) return false;
        _position = backward ? hi - 1 : lo;
        _end = backward ? lo - 1 : hi;
        _line = head.At(_position);
        return true;
    }

    public override bool Advance()
    {
        while (true)
        {
            _position += _step;
            if (_position == _end) return false;
            if (only is null)
            {
                _line = head.At(_position);
                return true;
            }
            _line = only[_position];
            var ts = head.Timestamps[_line];
            if (ts >= _start && ts <= _stop) return true;
        }
    }

    public override long Timestamp => head.Timestamps[_line];

    public override ReadOnlySpan<byte> Line => head.Bytes.AsSpan(head.LineStart[_line], head.LineLength[_line]);

    private int MetaStart => _line == 0 ? 0 : head.MetaEnd[_line - 1];

    public override int MetadataCount => head.MetaEnd[_line] - MetaStart;

    public override ReadOnlySpan<byte> MetadataName(int index) => head.Names[head.Meta[MetaStart + index].Name];

    public override ReadOnlySpan<byte> MetadataValue(int index)
    {
        var m = head.Meta[MetaStart + index];
        return head.Bytes.AsSpan(m.Start, m.Length);
    }
}
