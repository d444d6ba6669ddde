using Orrery.Query.TraceQL.Syntax;
using Orrery.Storage.Traces;
using StorageIntrinsic = Orrery.Storage.Traces.Intrinsic;
using StorageScope = Orrery.Storage.Traces.AttributeScope;
using SyntaxIntrinsic = Orrery.Query.TraceQL.Syntax.Intrinsic;
using SyntaxScope = Orrery.Query.TraceQL.Syntax.AttributeScope;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>
/// Decides whether a metrics query can be answered by a storage-level columnar aggregate
/// (<see cref="ITraceReader.AggregateSpans"/>) instead of a row per span, and builds the request.
/// </summary>
/// <remarks>
/// The shape that qualifies: <c>{ }</c> or a span filter that is only <c>&amp;&amp;</c> of
/// <c>field op literal</c> comparisons that all push down (so the storage conditions are the
/// filter, not a weaker necessary condition); <c>rate()</c> or <c>count_over_time()</c>, or
/// <c>quantile_over_time(duration, …)</c> / <c>histogram_over_time(duration)</c>; no by() or one
/// by() field that is name, status, kind, a span attribute or a resource attribute. Storage
/// then counts what it can decide exactly and yields the rest (the head, blocks it cannot judge)
/// as rows, which the usual span-by-span path evaluates.
/// </remarks>
internal static class ColumnarPlan
{
    public static SpanAggregateRequest? For(MetricsQuery query, MatchedSpanScan scan, IntervalMapper intervals)
    {
        var aggregate = query.Aggregate;
        var buckets = aggregate.Function switch
        {
            MetricsFunction.Rate or MetricsFunction.CountOverTime when aggregate.Attribute is null => (bool?)false,
            MetricsFunction.QuantileOverTime or MetricsFunction.HistogramOverTime
                when aggregate.Attribute is IntrinsicExpr { Intrinsic: SyntaxIntrinsic.Duration } => true,
            _ => null,
        };
        if (buckets is not { } durationBuckets) return null;
        AttributeRef? by = null;
        if (aggregate.By.Count > 1) return null;
        if (aggregate.By.Count == 1)
        {
            by = GroupOf(aggregate.By[0]);
            if (by is null) return null;
        }
        if (scan.ExactFetch(intervals.FetchRange) is not { } fetch) return null;
        return new SpanAggregateRequest(fetch, by, intervals.Interval, intervals.Count, durationBuckets);
    }

    private static AttributeRef? GroupOf(FieldExpr field) => field switch
    {
        IntrinsicExpr { Intrinsic: SyntaxIntrinsic.Name } => AttributeRef.Of(StorageIntrinsic.Name, "name"),
        IntrinsicExpr { Intrinsic: SyntaxIntrinsic.Status } => AttributeRef.Of(StorageIntrinsic.Status, "status"),
        IntrinsicExpr { Intrinsic: SyntaxIntrinsic.Kind } => AttributeRef.Of(StorageIntrinsic.Kind, "kind"),
        AttributeExpr { Scope: SyntaxScope.Span } a => new AttributeRef(StorageScope.Span, a.Name),
        AttributeExpr { Scope: SyntaxScope.Resource } a => new AttributeRef(StorageScope.Resource, a.Name),
        _ => null,
    };

    /// <summary>Comparisons joined by <c>&amp;&amp;</c> only; each is one pushed-down condition when the filter qualifies.</summary>
    public static int ComparisonLeaves(FieldExpr e) => e switch
    {
        BinaryFieldExpr { Op: FieldOp.And } and => Add(ComparisonLeaves(and.Left), ComparisonLeaves(and.Right)),
        BinaryFieldExpr { Op: FieldOp.Equal or FieldOp.NotEqual or FieldOp.Less or FieldOp.LessEqual or FieldOp.Greater or FieldOp.GreaterEqual } b
            when b.Left is StaticExpr ^ b.Right is StaticExpr && (b.Left is AttributeExpr or IntrinsicExpr || b.Right is AttributeExpr or IntrinsicExpr) => 1,
        _ => -1,
    };

    private static int Add(int a, int b) => a < 0 || b < 0 ? -1 : a + b;

    /// <summary>Adds a columnar group's counts to the aggregator, as if each counted span had been observed.</summary>
    public static void AddTo(MetricsAggregator aggregator, SpanAggregation aggregation)
    {
        foreach (var group in aggregation.Groups) aggregator.AddCounts(group);
    }

    /// <summary>The row reader's value of a group (<see cref="FieldReader"/>'s types) as a metrics field value.</summary>
    public static FieldValue FieldOf(in Storage.Traces.StaticValue value, byte[]? utf8) => value.Kind switch
    {
        StaticKind.String => new FieldValue(StaticType.String, text: utf8),
        StaticKind.Int => new FieldValue(StaticType.Int, value.Int),
        StaticKind.Double => new FieldValue(StaticType.Float, number: value.Double),
        StaticKind.Bool => new FieldValue(StaticType.Boolean, value.Int),
        StaticKind.Status => new FieldValue(StaticType.Status, value.Int),
        StaticKind.Kind => new FieldValue(StaticType.Kind, value.Int),
        _ => FieldValue.Nil,
    };

    /// <summary>Tempo's bucket of duration bucket <paramref name="index"/> (upper bound 2^index ns), in seconds, as <see cref="MetricsAggregator"/> keys it.</summary>
    public static double BucketSeconds(int index) => (double)(1UL << index) / 1e9;
}
