using Orrery.Query.LogQL.Engine;
using Orrery.Signals.Labels;
using Orrery.Storage.Logs;

namespace Orrery.Api.Loki;

/// <summary>What a Loki API handler decided, before any bytes are written; <see cref="LokiResultWriter"/> writes it.</summary>
public abstract record LokiResult;

/// <summary>An error: Loki answers with the status and the plain-text message.</summary>
public sealed record LokiError(int StatusCode, string Message) : LokiResult;

/// <param name="CategorizeLabels">Loki 3's <c>X-Loki-Response-Encoding-Flags: categorize-labels</c>: streams keyed by stream labels, metadata and parsed labels beside each line.</param>
public sealed record LokiQueryResult(LogQLResult Result, bool CategorizeLabels) : LokiResult;

/// <summary><c>{"status":"success","data":[…strings…]}</c> (labels, label values).</summary>
public sealed record LokiStringsResult(IReadOnlyList<string> Values) : LokiResult;

public sealed record LokiSeriesResult(IReadOnlyList<LabelSet> Series) : LokiResult;

public sealed record LokiIndexStatsResult(LogIndexStats Stats) : LokiResult;

public sealed record LokiFormatQueryResult(string Query) : LokiResult;

public sealed record LokiBuildInfoResult(string Version) : LokiResult;

public sealed record DetectedField(string Label, string Type, long Cardinality, IReadOnlyList<string> Parsers);

public sealed record LokiDetectedFieldsResult(IReadOnlyList<DetectedField> Fields) : LokiResult;
