using Orrery.Signals.Traces;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>Receives the spans a TraceQL spanset pipeline matched, trace by trace.</summary>
public interface IMatchedSpanVisitor
{
    /// <summary>
    /// Called once per evaluated trace before its matched spans; <paramref name="traceRows"/> are all
    /// of the trace's spans in <paramref name="batch"/> (for trace-level fields and compare's selection).
    /// </summary>
    void BeginTrace(SpanBatch batch, ReadOnlySpan<int> traceRows);

    /// <summary>One matched span; each span of a trace is passed at most once.</summary>
    void Observe(SpanBatch batch, int row);
}
