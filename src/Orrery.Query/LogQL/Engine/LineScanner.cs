using System.Text;
using Orrery.Query.LogQL.Pipeline;
using Orrery.Query.LogQL.Syntax;
using Orrery.Signals;
using Orrery.Storage.Logs;

namespace Orrery.Query.LogQL.Engine;

/// <summary>
/// Reads the lines of a selector from storage, runs the pipeline on each and hands the
/// survivors to a callback, counting what was read against the limits. Ordered scans merge
/// the streams by time in the requested direction (a k-way merge over the stores' per-stream
/// cursors); unordered scans read stream after stream.
/// </summary>
internal sealed class LineScanner(ILogReader reader, string tenant, LogQLLimits limits, QueryStatistics statistics, CancellationToken cancellationToken)
{
    private const int CheckEvery = 4096;
    private readonly LogLine _line = new();
    private readonly NameCache _names = new();

    /// <param name="onLine">Called for each line the pipeline kept; returns false to stop the scan.</param>
    public void Scan(LogSelectorExpr selector, LogPipeline pipeline, TimeRange range, LogDirection direction, bool ordered, Func<LogLine, bool> onLine)
    {
        if (range.StartUnixNano > range.EndUnixNano) return;
        var (substrings, traceId) = SelectHints.From(selector);
        var request = new LogSelectRequest(selector.ToMatchers(), range, direction, substrings, traceId);
        var cursors = reader.Select(tenant, request, cancellationToken).ToList();
        statistics.Streams += cursors.Count;
        try
        {
            if (ordered) ScanMerged(cursors, pipeline, direction, onLine);
            else
            {
                foreach (var cursor in cursors)
                {
                    while (cursor.MoveNext())
                    {
                        if (!Visit(cursor, pipeline, onLine)) return;
                    }
                }
            }
        }
        finally
        {
            foreach (var cursor in cursors) cursor.Dispose();
        }
    }

    private void ScanMerged(List<LogStreamCursor> cursors, LogPipeline pipeline, LogDirection direction, Func<LogLine, bool> onLine)
    {
        var queue = new PriorityQueue<LogStreamCursor, (long Time, int Order)>(cursors.Count);
        var sign = direction == LogDirection.Forward ? 1 : -1;
        for (var i = 0; i < cursors.Count; i++)
        {
            if (cursors[i].MoveNext()) queue.Enqueue(cursors[i], (sign * cursors[i].TimestampNs, i));
        }
        while (queue.TryDequeue(out var cursor, out var key))
        {
            if (!Visit(cursor, pipeline, onLine)) return;
            if (cursor.MoveNext()) queue.Enqueue(cursor, (sign * cursor.TimestampNs, key.Order));
        }
    }

    private bool Visit(LogStreamCursor cursor, LogPipeline pipeline, Func<LogLine, bool> onLine)
    {
        var bytes = cursor.Line;
        statistics.LinesScanned++;
        statistics.BytesScanned += bytes.Length;
        if (statistics.LinesScanned % CheckEvery == 0)
        {
            if (cancellationToken.IsCancellationRequested)
                throw new LogQLException($"query timed out or was cancelled after reading {statistics.LinesScanned} lines (timeout {limits.Timeout})");
        }
        if (statistics.LinesScanned > limits.MaxLinesScanned)
            throw new LogQLException($"the query read more than {limits.MaxLinesScanned} lines (max lines scanned); narrow the time range or the stream selector");
        _line.Reset(cursor.Labels, cursor.TimestampNs, bytes);
        if (!pipeline.ProcessLeadingLineFilters(_line)) return true;
        for (var i = 0; i < cursor.MetadataCount; i++)
        {
            _line.AddMetadata(_names.Get(cursor.MetadataName(i)), Encoding.UTF8.GetString(cursor.MetadataValue(i)));
        }
        if (!pipeline.ProcessRest(_line)) return true;
        statistics.LinesAfterFilter++;
        return onLine(_line);
    }

    /// <summary>Metadata names repeat on every line (trace_id, span_id, …): decode each once.</summary>
    private sealed class NameCache
    {
        // A handful of names per query; a linear scan beats hashing the bytes.
        private const int Capacity = 32;
        private readonly List<(byte[] Utf8, string Name)> _entries = [];

        public string Get(ReadOnlySpan<byte> utf8)
        {
            foreach (var (bytes, name) in _entries)
            {
                if (utf8.SequenceEqual(bytes)) return name;
            }
            var decoded = Encoding.UTF8.GetString(utf8);
            if (_entries.Count < Capacity) _entries.Add((utf8.ToArray(), decoded));
            return decoded;
        }
    }
}
