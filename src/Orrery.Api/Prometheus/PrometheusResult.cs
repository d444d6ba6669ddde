using Orrery.Signals.Labels;
using Orrery.Storage.Metrics;

namespace Orrery.Api.Prometheus;

/// <summary>
/// What a Prometheus API handler decided, before any bytes are written; one writer
/// (<see cref="PrometheusResultWriter"/>) turns every result into Prometheus's envelope
/// <c>{"status", "data", "errorType", "error", "warnings"}</c>.
/// </summary>
internal abstract record PrometheusResult
{
    /// <summary>Written as <c>warnings</c> beside the data when not empty (e.g. a truncated answer).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Prometheus's error types; each has its HTTP status (<c>web/api/v1</c>'s <c>respondError</c>).</summary>
internal enum PrometheusErrorType
{
    BadData,
    Execution,
    Unavailable,
    Internal,
    Canceled,
    Timeout,
    NotFound,
}

/// <summary>An error; <paramref name="StatusCode"/> overrides the type's status (401 for a missing tenant).</summary>
internal sealed record PrometheusError(PrometheusErrorType Type, string Message, int? StatusCode = null) : PrometheusResult;

/// <summary>A JSON array of strings: label names or values.</summary>
internal sealed record StringsData(IReadOnlyList<string> Values) : PrometheusResult;

/// <summary><c>/api/v1/series</c>: one object per series.</summary>
internal sealed record SeriesData(IReadOnlyList<LabelSet> Series) : PrometheusResult;

/// <summary><c>/api/v1/metadata</c>: metric family name → its metadata entries.</summary>
internal sealed record MetadataData(IReadOnlyList<KeyValuePair<string, IReadOnlyList<MetricMetadata>>> Metrics) : PrometheusResult;

/// <summary><c>/api/v1/query_exemplars</c>.</summary>
internal sealed record ExemplarsData(IReadOnlyList<SeriesExemplars> Series) : PrometheusResult;

/// <summary>
/// A handler that has no data to give (an exemplar query without a selector): Prometheus
/// answers 204 with no body rather than an envelope.
/// </summary>
internal sealed record NoContentResult : PrometheusResult;

internal sealed record BuildInfoData(string Version) : PrometheusResult;

internal sealed record TsdbStatusData(TsdbStatus Status) : PrometheusResult;

internal sealed record TargetsData(TargetsView Targets) : PrometheusResult;

internal sealed record ConfigData(string Yaml) : PrometheusResult;

internal sealed record FlagsData(IReadOnlyList<KeyValuePair<string, string>> Flags) : PrometheusResult;

internal sealed record RuntimeInfoData(
    DateTimeOffset StartTime,
    string WorkingDirectory,
    int ThreadCount,
    int ProcessorCount,
    string StorageRetention) : PrometheusResult;
