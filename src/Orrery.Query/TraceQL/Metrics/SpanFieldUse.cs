using Orrery.Query.TraceQL.Syntax;
using SpanFields = Orrery.Storage.Traces.SpanFields;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>
/// Which span fields a metrics query reads, so storage decodes only those columns
/// (<see cref="Storage.Traces.FetchSpansRequest.Fields"/>). Anything not listed here — span, event or link
/// attributes, trace-level intrinsics, structure, compare() — asks for every field.
/// </summary>
public static class SpanFieldUse
{
    /// <summary>The fields a filter pipeline and a metrics stage read; <see cref="SpanFields.All"/> when unsure.</summary>
    public static SpanFields Of(Pipeline spansets, MetricsAggregate aggregate)
    {
        ArgumentNullException.ThrowIfNull(spansets);
        ArgumentNullException.ThrowIfNull(aggregate);
        if (aggregate.Function == MetricsFunction.Compare) return SpanFields.All;
        // Only a single span filter decides each span alone; anything else works on whole traces.
        if (spansets.Stages is not [SpansetFilter filter]) return SpanFields.All;
        var fields = SpanFields.Identity;
        if (filter.Expression is { } e) fields |= Of(e);
        if (aggregate.Attribute is { } measured) fields |= Of(measured);
        foreach (var by in aggregate.By) fields |= Of(by);
        return fields;
    }

    private static SpanFields Of(FieldExpr e) => e switch
    {
        StaticExpr => SpanFields.Identity,
        AttributeExpr { Scope: AttributeScope.Resource } => SpanFields.Scope,
        AttributeExpr => SpanFields.All,
        IntrinsicExpr { Intrinsic: Intrinsic.Name } => SpanFields.Name,
        IntrinsicExpr { Intrinsic: Intrinsic.Duration } => SpanFields.Duration,
        IntrinsicExpr { Intrinsic: Intrinsic.Status or Intrinsic.Kind } => SpanFields.KindAndStatus,
        IntrinsicExpr { Intrinsic: Intrinsic.InstrumentationName or Intrinsic.InstrumentationVersion } => SpanFields.Scope,
        IntrinsicExpr { Intrinsic: Intrinsic.SpanId or Intrinsic.TraceId } => SpanFields.Identity,
        BinaryFieldExpr b => Of(b.Left) | Of(b.Right),
        UnaryFieldExpr u => Of(u.Operand),
        _ => SpanFields.All,
    };
}
