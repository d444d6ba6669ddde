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
/// <remarks>
/// Immutable after <see cref="Compile"/>: one instance may evaluate traces on several threads.
/// Semantics (Tempo's documentation): a missing attribute is nil and fails every comparison but
/// <c>= nil</c>; <c>!= nil</c> means "exists"; ints, floats and durations compare with each other;
/// comparing different types is false (for <c>!=</c> too); <c>=~</c> / <c>!~</c> are full matches;
/// <c>.x</c> is the span's attribute, else its resource's; event/link fields hold when one event
/// (link) of the span satisfies the whole filter expression.
/// </remarks>
public sealed class TraceQLEvaluator
{
    private readonly CompiledQuery _query;

    private TraceQLEvaluator(CompiledQuery query) => _query = query;

    /// <summary>Compiles the spanset part of <paramref name="query"/>; metrics stages are left to the caller.</summary>
    public static TraceQLEvaluator Compile(TraceQLQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var stages = query.Pipeline.Stages.TakeWhile(s => s is not MetricsAggregate and not MetricsSecondStage).ToList();
        return new TraceQLEvaluator(new CompiledQuery(new Pipeline(new Orrery.Query.LogQL.Syntax.EquatableList<PipelineStage>(stages))));
    }

    /// <summary>Fields named by <c>select(...)</c>, to be shown on every returned span.</summary>
    public IReadOnlyList<FieldExpr> SelectFields => _query.SelectFields;

    /// <summary>
    /// True when a span's match depends on that span alone (one filter over span, resource,
    /// event, link and scope fields): parts of a trace can then be evaluated with
    /// <see cref="MatchesSpan"/> without assembling the whole trace.
    /// </summary>
    public bool IsSpanLocal => _query.IsSpanLocal;

    /// <summary>What storage may use to skip data for this query over <paramref name="range"/>.</summary>
    public FetchSpansRequest FetchRequest(TimeRange range)
    {
        var (conditions, all) = Pushdown.Build(_query.Necessary);
        return new FetchSpansRequest(range, conditions, all);
    }

    /// <summary>
    /// For a span-local query whose filter storage can decide exactly over columns (an
    /// <c>&amp;&amp;</c> of simple comparisons) and whose shown fields it can read there
    /// (<see cref="ShownFields"/>, in that order): the request for
    /// <see cref="ITraceReader.SearchSpans"/>. Null when the query needs rows.
    /// </summary>
    public SpanSearchRequest? ColumnarSearchRequest(TimeRange range)
    {
        if (!_query.IsSpanLocal) return null;
        var conditions = _query.Single is { } single ? Pushdown.Exact(single.Expression) : [];
        if (conditions is null) return null;
        var shown = new List<AttributeRef>(ShownFields.Count);
        foreach (var field in ShownFields)
        {
            if (Pushdown.Shown(field) is not { } reference) return null;
            shown.Add(reference);
        }
        return new SpanSearchRequest(new FetchSpansRequest(range, conditions, AllConditions: true), shown);
    }

    /// <summary>
    /// Evaluates the pipeline over one whole trace (<paramref name="rows"/> are all of its spans
    /// in <paramref name="batch"/>) and appends the matched spansets to <paramref name="output"/>.
    /// </summary>
    public void Evaluate(SpanBatch batch, ReadOnlySpan<int> rows, List<Spanset> output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        if (rows.IsEmpty) return;
        var trace = new TraceView(batch, rows);
        var sets = Run(trace);
        foreach (var set in sets)
        {
            var spanset = new Spanset { Scalar = set.Scalar };
            foreach (var local in set.Spans) spanset.Rows.Add(trace.Rows[local]);
            spanset.Attributes.AddRange(set.Attributes);
            output.Add(spanset);
        }
    }

    /// <summary>The matched spansets of one whole trace, as local span indices.</summary>
    internal List<WorkingSet> Run(TraceView trace)
    {
        var all = new List<int>(trace.Count);
        for (var i = 0; i < trace.Count; i++) all.Add(i);
        return new PipelineEvaluation(_query, trace).Run(_query.Pipeline, [new WorkingSet(all)]);
    }

    /// <summary>
    /// Whether one span matches a span-local query (<see cref="IsSpanLocal"/>), read from any
    /// batch holding it. Allocates nothing.
    /// </summary>
    public bool MatchesSpan(SpanBatch batch, int row)
    {
        if (!_query.IsSpanLocal) throw new InvalidOperationException("the query needs whole traces; use Evaluate");
        return _query.Single is null || _query.Single.Matches(batch, null, row, -1);
    }

    /// <summary>
    /// Conditions on single spans that every matching trace satisfies, each with at least one of
    /// its spans (at most 31). A trace none of whose spans satisfies condition i cannot match.
    /// </summary>
    public int NecessaryConditionCount => _query.Necessary.Length;

    /// <summary>Bit i set when the span satisfies necessary condition i. Allocates nothing.</summary>
    public int NecessaryMask(SpanBatch batch, int row)
    {
        var mask = 0;
        var necessary = _query.Necessary;
        for (var i = 0; i < necessary.Length; i++)
        {
            if (necessary[i].Matches(batch, null, row, -1)) mask |= 1 << i;
        }
        return mask;
    }

    /// <summary>
    /// The fields a search shows on each returned span: attributes the filters test (and status,
    /// kind, status message, scope name/version), then <c>select(...)</c> fields.
    /// </summary>
    public IReadOnlyList<FieldExpr> ShownFields => _query.ShownFields;

    /// <summary>Reads one of <see cref="ShownFields"/> for a span of a whole trace; null when missing.</summary>
    internal StaticValue? ReadShown(FieldExpr field, SpanBatch batch, TraceView trace, int local)
    {
        var value = _query.NodeFor(field).Eval(new SpanContext(batch, trace, trace.Rows[local], local));
        return value.IsNil ? null : value.ToStatic(batch);
    }

    /// <summary>
    /// Reads <paramref name="field"/> (an attribute or intrinsic) for one span of a whole trace, as
    /// the API shows it; null when it is missing. For output: allocates.
    /// </summary>
    public static StaticValue? ReadField(FieldExpr field, SpanBatch batch, ReadOnlySpan<int> traceRows, int row)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var node = FieldCompiler.Compile(field);
        TraceView? trace = null;
        var local = -1;
        if (FieldCompiler.Analyze(field).TraceLevel)
        {
            trace = new TraceView(batch, traceRows);
            local = Array.IndexOf(trace.Rows, row);
        }
        var value = node.Eval(new SpanContext(batch, trace, row, local));
        return value.IsNil ? null : value.ToStatic(batch);
    }
}
