using Orrery.Signals;

namespace Orrery.Storage.Logs.Embedded;

/// <summary>
/// The head's trace id → lines index, so the logs of one trace come back without scanning the
/// head: one dictionary entry per trace, and the lines of a trace chained through a row list
/// (no object per line). Mutated and read under the tenant lock.
/// </summary>
internal sealed class HeadTraceIndex
{
    private readonly Dictionary<TraceId, int> _last = [];
    private readonly RowList<Entry> _entries = new(1024);

    public void Add(TraceId traceId, int stream, int line)
    {
        var previous = _last.TryGetValue(traceId, out var p) ? p : -1;
        _last[traceId] = _entries.Add(new Entry { Stream = stream, Line = line, Previous = previous });
    }

    /// <summary>The (stream id, line index) pairs of a trace, newest first.</summary>
    public void LinesOf(TraceId traceId, List<(int Stream, int Line)> lines)
    {
        if (!_last.TryGetValue(traceId, out var i)) return;
        while (i >= 0)
        {
            ref var e = ref _entries[i];
            lines.Add((e.Stream, e.Line));
            i = e.Previous;
        }
    }

    private struct Entry
    {
        public int Stream;
        public int Line;
        public int Previous;
    }
}
