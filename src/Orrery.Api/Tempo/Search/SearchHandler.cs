using Microsoft.AspNetCore.Http;
using Orrery.Query.TraceQL.Engine;
using Orrery.Query.TraceQL.Syntax;
using Orrery.Query.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Api.Tempo.Search;

/// <summary>
/// <c>GET /api/search</c>: a TraceQL query in <c>q</c>, or Tempo's tag search (<c>tags</c>,
/// <c>minDuration</c>, <c>maxDuration</c>) when <c>q</c> is absent. Parse errors are 400 with the
/// parser's message (line and column); a search stopped by its limits is 422 with the reason.
/// </summary>
public sealed class SearchHandler(TraceSearcher searcher, TraceQLSearcher? traceql = null)
{
    /// <summary>Caps one response; Grafana pages with smaller limits (20 by default).</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Caps <c>spss</c> (spans listed per spanset).</summary>
    public const int MaxSpansPerSpanset = 1_000;

    public TempoResult Handle(string tenant, IQueryCollection query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!TempoParameters.TryGetDuration(query, "minDuration", out var min, out var error)
            || !TempoParameters.TryGetDuration(query, "maxDuration", out var max, out error)
            || !TempoParameters.TryGetLimit(query, TraceSearchRequest.DefaultLimit, MaxLimit, out var limit, out error)
            || !TempoParameters.TryGetRange(query, out var range, out error))
        {
            return BadRequest(error!);
        }
        if (min > max) return BadRequest("minDuration must not be greater than maxDuration");

        var q = query["q"].ToString().Trim();
        if (q.Length > 0) return HandleTraceQL(tenant, q, query, new TraceQLSearchRequest(range, limit, 0, min ?? 0, max ?? long.MaxValue), cancellationToken);

        if (!Logfmt.TryParse(query["tags"].ToString(), out var tags, out error)
            || !SearchTags.TryToConditions(tags, out var conditions, out error))
        {
            return BadRequest(error!);
        }
        var request = new TraceSearchRequest(range, conditions, min ?? 0, max ?? long.MaxValue, limit);
        return new SearchResult(searcher.Search(tenant, request, cancellationToken));
    }

    private TempoResult HandleTraceQL(string tenant, string q, IQueryCollection query, TraceQLSearchRequest request, CancellationToken cancellationToken)
    {
        if (traceql is null) return BadRequest("TraceQL search is not available on this endpoint");
        if (!TryGetSpansPerSpanset(query, out var spss, out var error)) return BadRequest(error!);
        TraceQLQuery parsed;
        try
        {
            parsed = TraceQLParser.Parse(q);
        }
        catch (TraceQLParseException e)
        {
            return BadRequest(e.Message);
        }
        if (parsed.Pipeline.Stages.Any(s => s is MetricsAggregate or MetricsSecondStage))
            return BadRequest("metrics queries are answered by /api/metrics/query_range, not /api/search");
        try
        {
            return new TraceQLSearchResponse(traceql.Search(tenant, parsed, request with { SpansPerSpanset = spss }, cancellationToken));
        }
        catch (TraceQLLimitException e)
        {
            return new TempoError(StatusCodes.Status422UnprocessableEntity, e.Message);
        }
    }

    private static bool TryGetSpansPerSpanset(IQueryCollection query, out int spss, out string? error)
    {
        spss = TraceQLSearchRequest.DefaultSpansPerSpanset;
        error = null;
        var text = query["spss"].ToString();
        if (text.Length == 0) return true;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out spss) || spss <= 0)
        {
            error = $"invalid spss '{text}': expected a positive integer";
            return false;
        }
        spss = Math.Min(spss, MaxSpansPerSpanset);
        return true;
    }

    private static TempoError BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
