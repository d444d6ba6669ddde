using Microsoft.AspNetCore.Http;
using Orrery.Query.TraceQL.Metrics;
using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Api.Tempo.Metrics;

/// <summary><c>GET /api/metrics/query_range</c> and <c>GET /api/metrics/query</c>: TraceQL metrics in Tempo's response shape.</summary>
public sealed class MetricsHandler(TraceQLMetricsEngine engine, TimeProvider clock)
{
    public TempoResult QueryRange(string tenant, IQueryCollection query, CancellationToken cancellationToken)
    {
        var q = MetricsParameters.Query(query);
        if (q.Length == 0) return BadRequest("missing query: pass a TraceQL metrics query in q=, e.g. { } | rate()");
        if (!MetricsParameters.TryGetBounds(query, clock.GetUtcNow(), out var start, out var end, out var error)
            || !MetricsParameters.TryGetStep(query, start, end, out var step, out error))
        {
            return BadRequest(error!);
        }
        return Run(() => new MetricsRangeResult(engine.QueryRange(tenant, q, start, end, step, cancellationToken)));
    }

    public TempoResult QueryInstant(string tenant, IQueryCollection query, CancellationToken cancellationToken)
    {
        var q = MetricsParameters.Query(query);
        if (q.Length == 0) return BadRequest("missing query: pass a TraceQL metrics query in q=, e.g. { } | rate()");
        if (!MetricsParameters.TryGetBounds(query, clock.GetUtcNow(), out var start, out var end, out var error)) return BadRequest(error!);
        return Run(() => new MetricsInstantResult(engine.QueryInstant(tenant, q, start, end, cancellationToken)));
    }

    private static TempoResult Run(Func<TempoResult> query)
    {
        try
        {
            return query();
        }
        catch (TraceQLParseException e)
        {
            return BadRequest(e.Message);
        }
        catch (TraceQLMetricsException e)
        {
            return BadRequest(e.Message);
        }
    }

    private static TempoError BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
