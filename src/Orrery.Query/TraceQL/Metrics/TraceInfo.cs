using Orrery.Signals.Traces;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>What trace-level fields (rootName, rootServiceName, traceDuration) need about the trace a span is in.</summary>
/// <param name="RootRow">The row of the span without a parent, or -1 when it has not arrived.</param>
public readonly record struct TraceInfo(int RootRow, long StartUnixNano, long EndUnixNano)
{
    public static TraceInfo None { get; } = new(-1, 0, 0);

    public static TraceInfo Of(SpanBatch batch, ReadOnlySpan<int> rows)
    {
        var root = -1;
        var start = long.MaxValue;
        var end = long.MinValue;
        foreach (var row in rows)
        {
            ref var span = ref batch.Spans[row];
            if (root < 0 && span.ParentSpanId.IsEmpty) root = row;
            start = Math.Min(start, span.StartUnixNano);
            end = Math.Max(end, span.EndUnixNano);
        }
        return rows.IsEmpty ? None : new TraceInfo(root, start, end);
    }
}
