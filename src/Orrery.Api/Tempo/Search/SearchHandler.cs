using Microsoft.AspNetCore.Http;
using Orrery.Query.Traces;
using Orrery.Storage.Traces;

namespace Orrery.Api.Tempo.Search;

/// <summary><c>GET /api/search</c> with Tempo's tag search parameters.</summary>
public sealed class SearchHandler(TraceSearcher searcher)
{
    /// <summary>Caps one response; Grafana pages with smaller limits (20 by default).</summary>
    public const int MaxLimit = 10_000;

    public TempoResult Handle(string tenant, IQueryCollection query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var q = query["q"].ToString().Trim();
        if (q.Length > 0 && q is not "{}" and not "{ }")
            return BadRequest("TraceQL queries (q=) are not supported yet; use tags=, minDuration= and maxDuration=");

        if (!Logfmt.TryParse(query["tags"].ToString(), out var tags, out var error)
            || !SearchTags.TryToConditions(tags, out var conditions, out error)
            || !TempoParameters.TryGetDuration(query, "minDuration", out var min, out error)
            || !TempoParameters.TryGetDuration(query, "maxDuration", out var max, out error)
            || !TempoParameters.TryGetLimit(query, TraceSearchRequest.DefaultLimit, MaxLimit, out var limit, out error)
            || !TempoParameters.TryGetRange(query, out var range, out error))
        {
            return BadRequest(error!);
        }
        if (min > max) return BadRequest("minDuration must not be greater than maxDuration");

        var request = new TraceSearchRequest(range, conditions, min ?? 0, max ?? long.MaxValue, limit);
        return new SearchResult(searcher.Search(tenant, request, cancellationToken));
    }

    private static TempoError BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
