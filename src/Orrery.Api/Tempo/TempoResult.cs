using Orrery.Query.Traces;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Api.Tempo;

/// <summary>
/// What a Tempo API handler decided, before any bytes are written. Handlers return one of these;
/// <see cref="TempoResultWriter"/> is the one place that turns them into responses.
/// </summary>
public abstract record TempoResult;

/// <summary>An error with the HTTP status and a reason for the client (written as plain text, like Tempo).</summary>
public sealed record TempoError(int StatusCode, string Message) : TempoResult;

public enum TraceResponseShape
{
    /// <summary><c>/api/traces/{id}</c>: <c>{"batches":[...]}</c>.</summary>
    V1,
    /// <summary><c>/api/v2/traces/{id}</c>: <c>{"trace":{"resourceSpans":[...]}}</c>.</summary>
    V2,
}

public sealed record TraceResult(SpanBatch Batch, TraceResponseShape Shape, bool Protobuf) : TempoResult;

public sealed record SearchResult(TraceSearchResult Search) : TempoResult;

public sealed record TagNamesResult(IReadOnlyList<string> TagNames) : TempoResult;

public sealed record ScopedTagNames(string Name, IReadOnlyList<string> Tags);

public sealed record ScopedTagNamesResult(IReadOnlyList<ScopedTagNames> Scopes) : TempoResult;

public sealed record TagValuesResult(IReadOnlyList<string> TagValues) : TempoResult;

public sealed record TypedTagValuesResult(IReadOnlyList<TagValue> TagValues) : TempoResult;

public sealed record TextResult(string Text) : TempoResult;

public sealed record BuildInfoResult(string Version) : TempoResult;
