using Orrery.Query.TraceQL.Metrics;

namespace Orrery.Api.Tempo.Metrics;

/// <summary><c>/api/metrics/query_range</c>'s answer: series with one sample per interval.</summary>
public sealed record MetricsRangeResult(MetricsResult Result) : TempoResult;

/// <summary><c>/api/metrics/query</c>'s answer: series with one value each.</summary>
public sealed record MetricsInstantResult(MetricsResult Result) : TempoResult;
