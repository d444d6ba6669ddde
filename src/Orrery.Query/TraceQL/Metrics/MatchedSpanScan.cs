using Orrery.Query.LogQL.Syntax;
using Orrery.Query.TraceQL.Engine;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>
/// Runs a TraceQL spanset pipeline over the trace store and hands every matched span to a visitor:
/// the span source of TraceQL metrics and of autocomplete scoping.
/// </summary>
/// <remarks>
/// Three modes, cheapest first. <c>{ }</c> matches every span, so no evaluator runs at all. A
/// span-local filter (<see cref="TraceQLEvaluator.IsSpanLocal"/>) decides each span alone, so each
/// storage part is evaluated span by span as it streams by, without allocating. Anything
/// else (structural operators, spanset <c>&amp;&amp;</c>, pipelines, rootName…) needs whole traces: parts are
/// buffered per trace id, and traces that storage yielded in several parts are read back whole.
/// </remarks>
public sealed class MatchedSpanScan
{
    private readonly ITraceReader _reader;
    private readonly TraceQLEvaluator? _evaluator;
    private readonly ScanMode _mode;
    private readonly List<Spanset> _spansets = [];
    private readonly HashSet<int> _seen = [];
    private readonly FieldExpr? _filter;

    public MatchedSpanScan(ITraceReader reader, Pipeline spansetPipeline, ScanLimits limits)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(spansetPipeline);
        _reader = reader;
        Limits = limits ?? throw new ArgumentNullException(nameof(limits));
        if (spansetPipeline.Stages is [SpansetFilter { Expression: null }])
        {
            _mode = ScanMode.MatchAll;
            return;
        }
        _evaluator = TraceQLEvaluator.Compile(new TraceQLQuery(spansetPipeline, EquatableList<QueryHint>.Empty));
        _mode = _evaluator.IsSpanLocal ? ScanMode.PerPart : ScanMode.WholeTrace;
        if (spansetPipeline.Stages is [SpansetFilter { Expression: { } filter }]) _filter = filter;
    }

    public ScanLimits Limits { get; }

    /// <summary>
    /// The span fields the scan and its visitor read (<see cref="SpanFieldUse"/>); storage may leave
    /// the others unset. <see cref="SpanFields.All"/> unless the caller narrows it.
    /// </summary>
    public SpanFields Fields { get; init; } = SpanFields.All;

    public long InspectedSpans { get; private set; }

    public long InspectedTraces { get; private set; }

    /// <summary>True when no evaluator runs: the pipeline is <c>{ }</c>.</summary>
    public bool MatchesAll => _mode == ScanMode.MatchAll;

    /// <summary>
    /// Scans <paramref name="range"/> (spans starting in it). Throws <see cref="TraceQLMetricsException"/>
    /// with <see cref="TraceQLMetricsException.IsLimit"/> when more than <see cref="ScanLimits.MaxSpansInspected"/> spans would be inspected.
    /// </summary>
    public void Run(string tenant, TimeRange range, IMatchedSpanVisitor visitor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        var fetch = _evaluator?.FetchRequest(range) ?? FetchSpansRequest.ForRange(range);
        if (_mode == ScanMode.WholeTrace)
        {
            RunWholeTraces(tenant, fetch, visitor, cancellationToken);
            return;
        }
        fetch = fetch with { Fields = Fields };
        foreach (var part in _reader.FetchTraces(tenant, fetch, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_mode == ScanMode.PerPart) EvaluatePart(part.Batch, part.Rows.Span, visitor);
            else Evaluate(part.Batch, part.Rows.Span, visitor);
        }
    }

    /// <summary>
    /// The storage request that states the filter exactly, or null: <c>{ }</c>, or a single span
    /// filter of comparisons joined by <c>&amp;&amp;</c> that all pushed down (a columnar aggregate
    /// may then count spans on storage's answer alone, <see cref="ColumnarPlan"/>).
    /// </summary>
    public FetchSpansRequest? ExactFetch(TimeRange range)
    {
        if (_mode == ScanMode.MatchAll) return FetchSpansRequest.ForRange(range);
        if (_mode != ScanMode.PerPart || _filter is null) return null;
        var leaves = ColumnarPlan.ComparisonLeaves(_filter);
        var fetch = _evaluator!.FetchRequest(range);
        return leaves > 0 && fetch.AllConditions && fetch.Conditions.Count == leaves ? fetch : null;
    }

    /// <summary>
    /// Like <see cref="Run"/>, but storage counts what it can over its columns into
    /// <paramref name="into"/>; only the parts it yields as rows reach <paramref name="visitor"/>.
    /// </summary>
    public void RunColumnar(string tenant, SpanAggregateRequest aggregate, SpanAggregation into, IMatchedSpanVisitor visitor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(visitor);
        if (_mode == ScanMode.WholeTrace) throw new InvalidOperationException("a query over whole traces has no columnar form");
        var request = aggregate with { Fetch = aggregate.Fetch with { Fields = Fields } };
        // Spans counted over columns count towards the bound as rows do; storage stops once past it.
        var rowsBefore = InspectedSpans;
        into.MaxSpansInspected = Limits.MaxSpansInspected - rowsBefore;
        _columnar = into;
        try
        {
            foreach (var part in _reader.AggregateSpans(tenant, request, into, cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_mode == ScanMode.PerPart) EvaluatePart(part.Batch, part.Rows.Span, visitor);
                else Evaluate(part.Batch, part.Rows.Span, visitor);
            }
        }
        finally
        {
            _columnar = null;
        }
        InspectedSpans += into.SpansInspected;
        CheckLimit();
    }

    /// <summary>The columnar count of a <see cref="RunColumnar"/> under way (its spans count towards the bound).</summary>
    private SpanAggregation? _columnar;

    /// <summary>A span-local filter decides each span alone, without allocating.</summary>
    private void EvaluatePart(SpanBatch batch, ReadOnlySpan<int> rows, IMatchedSpanVisitor visitor)
    {
        Count(rows.Length);
        var begun = false;
        foreach (var row in rows)
        {
            if (!_evaluator!.MatchesSpan(batch, row)) continue;
            if (!begun)
            {
                visitor.BeginTrace(batch, rows);
                begun = true;
            }
            visitor.Observe(batch, row);
        }
    }

    private void Count(int spans)
    {
        InspectedTraces++;
        InspectedSpans += spans;
        CheckLimit();
    }

    private void CheckLimit()
    {
        if (InspectedSpans + (_columnar?.SpansInspected ?? 0) > Limits.MaxSpansInspected)
            throw new TraceQLMetricsException($"the query inspected more than {Limits.MaxSpansInspected} spans; narrow the time range or the filter") { IsLimit = true };
    }

    private void RunWholeTraces(string tenant, FetchSpansRequest fetch, IMatchedSpanVisitor visitor, CancellationToken cancellationToken)
    {
        // A trace id maps to its only part, or to null once a second part shows it was split.
        var parts = new Dictionary<TraceId, TraceSpans?>();
        foreach (var part in _reader.FetchTraces(tenant, fetch, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (parts.TryAdd(part.TraceId, part))
            {
                if (parts.Count > Limits.MaxTraces)
                    throw new TraceQLMetricsException($"the query needs whole traces and more than {Limits.MaxTraces} traces matched; narrow the time range or the filter") { IsLimit = true };
            }
            else
            {
                parts[part.TraceId] = null;
            }
        }
        var split = new List<TraceId>();
        foreach (var (traceId, part) in parts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (part is { } only) Evaluate(only.Batch, only.Rows.Span, visitor);
            else split.Add(traceId);
        }
        // Structure may cross the range's edges, so split traces are read back whole (one read per page for all).
        foreach (var (_, whole) in _reader.FindTraces(tenant, split, TimeRange.All))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = new int[whole.Count];
            for (var i = 0; i < rows.Length; i++) rows[i] = i;
            Evaluate(whole, rows, visitor);
        }
    }

    private void Evaluate(SpanBatch batch, ReadOnlySpan<int> rows, IMatchedSpanVisitor visitor)
    {
        Count(rows.Length);
        if (_evaluator is null)
        {
            visitor.BeginTrace(batch, rows);
            foreach (var row in rows) visitor.Observe(batch, row);
            return;
        }
        _spansets.Clear();
        _evaluator.Evaluate(batch, rows, _spansets);
        if (_spansets.Count == 0) return;
        visitor.BeginTrace(batch, rows);
        if (_spansets.Count == 1)
        {
            foreach (var row in _spansets[0].Rows) visitor.Observe(batch, row);
            return;
        }
        // by() and || can put one span into several spansets; it still counts once.
        _seen.Clear();
        foreach (var spanset in _spansets)
        {
            foreach (var row in spanset.Rows)
            {
                if (_seen.Add(row)) visitor.Observe(batch, row);
            }
        }
    }

    private enum ScanMode
    {
        MatchAll,
        PerPart,
        WholeTrace,
    }
}

/// <summary>Bounds on one scan.</summary>
/// <param name="MaxSpansInspected">
/// Spans read before the query is refused: 50 million is a few seconds of work at the engine's
/// per-core rate and bounds a query over a range far larger than the store answers interactively.
/// </param>
/// <param name="MaxTraces">Whole traces buffered for structural queries (one entry of ~100 bytes each).</param>
public sealed record ScanLimits(long MaxSpansInspected = 50_000_000, int MaxTraces = 1_000_000)
{
    public static ScanLimits Default { get; } = new();
}
