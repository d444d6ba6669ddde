using Orrery.Query.PromQL.Engine;

namespace Orrery.Api.Prometheus.Query;

/// <summary>How much of the engine's <see cref="PromQLStats"/> an answer carries (the <c>stats</c> parameter).</summary>
internal enum QueryStatsMode : byte
{
    /// <summary>No <c>stats</c> parameter: no <c>data.stats</c>.</summary>
    None,

    /// <summary>Any value: timings and sample totals.</summary>
    Totals,

    /// <summary><c>stats=all</c>: also the samples read per step.</summary>
    PerStep,
}

/// <summary>The answer of <c>/api/v1/query</c> and <c>/api/v1/query_range</c>, written by <see cref="PromQLResultWriter"/>.</summary>
internal sealed record QueryData(PromQLResult Result, QueryStatsMode Stats) : PrometheusResult;

/// <summary>The answer of <c>/api/v1/format_query</c>: the expression printed canonically, as a JSON string.</summary>
internal sealed record FormattedQueryData(string Query) : PrometheusResult;
