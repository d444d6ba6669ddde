using Microsoft.AspNetCore.Http;
using Orrery.Query.LogQL.Engine;
using Orrery.Query.LogQL.Syntax;

namespace Orrery.Api.Loki;

/// <summary><c>/loki/api/v1/query</c>, <c>/loki/api/v1/query_range</c> and <c>/loki/api/v1/format_query</c>.</summary>
public sealed class LokiQueryHandler(LogQLEngine engine, TimeProvider clock)
{
    private const long Second = 1_000_000_000;
    private const int DefaultLimit = 100;
    // Loki's default lookback for query_range.
    private const long DefaultRangeLookback = 3600 * Second;

    public LokiResult QueryRange(string tenant, LokiParameters parameters, bool categorize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var query = parameters.Get("query");
        if (query is null) return new LokiError(StatusCodes.Status400BadRequest, "query must not be empty");
        if (!parameters.TryGetRange(NowNs(), DefaultRangeLookback, out var start, out var end, out var error)
            || !parameters.TryGetLimit(DefaultLimit, out var limit, out error)
            || !parameters.TryGetDirection(out var direction, out error)
            || !parameters.TryGetDuration("step", out var step, out error))
            return new LokiError(StatusCodes.Status400BadRequest, error!);
        // Loki's default step: the range over 250 points, at least one second.
        var stepNs = step ?? Math.Max((end - start) / 250 / Second, 1) * Second;
        if (stepNs <= 0) return new LokiError(StatusCodes.Status400BadRequest, "zero or negative query resolution step widths are not accepted. Try a positive integer");
        return Run(tenant, new LogQLRequest(query, start, end, stepNs, direction, limit), categorize, cancellationToken);
    }

    public LokiResult Query(string tenant, LokiParameters parameters, bool categorize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var query = parameters.Get("query");
        if (query is null) return new LokiError(StatusCodes.Status400BadRequest, "query must not be empty");
        if (!parameters.TryGetTime("time", NowNs(), out var time, out var error)
            || !parameters.TryGetLimit(DefaultLimit, out var limit, out error)
            || !parameters.TryGetDirection(out var direction, out error))
            return new LokiError(StatusCodes.Status400BadRequest, error!);
        try
        {
            if (LogQLParser.Parse(query) is LogSelectorExpr)
                return new LokiError(StatusCodes.Status400BadRequest, "log queries are not supported as an instant query type, please change your query to a range query type");
        }
        catch (LogQLParseException e)
        {
            return new LokiError(StatusCodes.Status400BadRequest, e.Message);
        }
        return Run(tenant, new LogQLRequest(query, time, time, 0, direction, limit), categorize, cancellationToken);
    }

    public static LokiResult FormatQuery(LokiParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var query = parameters.Get("query");
        if (query is null) return new LokiError(StatusCodes.Status400BadRequest, "query must not be empty");
        try
        {
            return new LokiFormatQueryResult(LogQLParser.Parse(query).ToString());
        }
        catch (LogQLParseException e)
        {
            return new LokiError(StatusCodes.Status400BadRequest, e.Message);
        }
    }

    private LokiResult Run(string tenant, LogQLRequest request, bool categorize, CancellationToken cancellationToken)
    {
        try
        {
            return new LokiQueryResult(engine.Execute(tenant, request, cancellationToken), categorize);
        }
        catch (LogQLParseException e)
        {
            return new LokiError(StatusCodes.Status400BadRequest, e.Message);
        }
        catch (LogQLException e)
        {
            return new LokiError(StatusCodes.Status400BadRequest, e.Message);
        }
    }

    private long NowNs() => (clock.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
