using Orrery.Query.LogQL.Syntax;

namespace Orrery.Query.TraceQL.Syntax;

public enum MetricsFunction
{
    Rate,
    CountOverTime,
    MinOverTime,
    MaxOverTime,
    AvgOverTime,
    SumOverTime,
    QuantileOverTime,
    HistogramOverTime,
    Compare,
}

public enum MetricsSecondStageKind
{
    TopK,
    BottomK,
}

/// <summary>
/// The metrics stage that ends a query: <c>rate()</c>, <c>quantile_over_time(duration, 0.5, 0.99)</c>,
/// <c>compare({ status = error }, 10)</c>… with an optional <c>by (…)</c>.
/// <see cref="Attribute"/> is the measured field (<c>*_over_time</c>); <see cref="Quantiles"/> is set for
/// quantile_over_time; <see cref="Selection"/> and <see cref="CompareArguments"/> (top N, start, end in ns) for compare.
/// </summary>
public sealed record MetricsAggregate(
    MetricsFunction Function,
    FieldExpr? Attribute,
    EquatableList<double> Quantiles,
    SpansetFilter? Selection,
    EquatableList<long> CompareArguments,
    EquatableList<FieldExpr> By) : PipelineStage;

/// <summary><c>topk(n)</c> / <c>bottomk(n)</c> after a metrics stage.</summary>
public sealed record MetricsSecondStage(MetricsSecondStageKind Kind, long Limit) : PipelineStage;
