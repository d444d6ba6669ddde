using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;
using StaticValue = Orrery.Query.TraceQL.Syntax.StaticValue;

namespace Orrery.Query.TraceQL.Engine;

/// <summary>
/// One spanset a query matched in one trace: the matched spans (rows of the trace's batch) and
/// the attributes a <c>by()</c> or <c>select()</c> stage attached.
/// </summary>
public sealed class Spanset
{
    public List<int> Rows { get; } = [];

    /// <summary>Attributes named by <c>by(...)</c> (the group key) and <c>select(...)</c>, in query order.</summary>
    public List<KeyValuePair<string, StaticValue>> Attributes { get; } = [];

    /// <summary>The value of a pipeline's scalar aggregate (<c>| count() > 2</c>), when there was one.</summary>
    public StaticValue? Scalar { get; set; }
}

/// <summary>
/// A compiled TraceQL spanset pipeline (everything before a metrics stage): what storage may
/// push down, and the exact evaluation over one whole trace. Shared by search
/// (<c>/api/search</c>), TraceQL metrics and autocomplete scoping.
/// </summary>
public sealed class TraceQLEvaluator
{
    private TraceQLEvaluator() { }

    /// <summary>Compiles the spanset part of <paramref name="query"/>; metrics stages are left to the caller.</summary>
    public static TraceQLEvaluator Compile(TraceQLQuery query) => throw new NotImplementedException("TraceQL evaluation: being written");

    /// <summary>What storage may use to skip data for this query over <paramref name="range"/>.</summary>
    public FetchSpansRequest FetchRequest(TimeRange range) => throw new NotImplementedException();

    /// <summary>
    /// Evaluates the pipeline over one whole trace (<paramref name="rows"/> are all of its spans
    /// in <paramref name="batch"/>) and appends the matched spansets to <paramref name="output"/>.
    /// </summary>
    public void Evaluate(SpanBatch batch, ReadOnlySpan<int> rows, List<Spanset> output) => throw new NotImplementedException();
}
