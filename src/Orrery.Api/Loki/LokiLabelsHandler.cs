using Microsoft.AspNetCore.Http;
using Orrery.Query.LogQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Storage.Logs;

namespace Orrery.Api.Loki;

/// <summary><c>/labels</c>, <c>/label/{name}/values</c>, <c>/series</c> and <c>/index/stats</c>: index reads, no line is scanned.</summary>
public sealed class LokiLabelsHandler(ILogReader reader, TimeProvider clock)
{
    private const long Second = 1_000_000_000;
    // Loki's default lookback for the label and series endpoints.
    private const long DefaultLookback = 6 * 3600 * Second;

    public LokiResult LabelNames(string tenant, LokiParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!TryRange(parameters, out var range, out var error) || !TryOptionalSelector(parameters.Get("query"), out var matchers, out error))
            return new LokiError(StatusCodes.Status400BadRequest, error!);
        return new LokiStringsResult(reader.LabelNames(tenant, range, matchers));
    }

    public LokiResult LabelValues(string tenant, string name, LokiParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!TryRange(parameters, out var range, out var error) || !TryOptionalSelector(parameters.Get("query"), out var matchers, out error))
            return new LokiError(StatusCodes.Status400BadRequest, error!);
        return new LokiStringsResult(reader.LabelValues(tenant, name, range, matchers));
    }

    public LokiResult Series(string tenant, LokiParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!TryRange(parameters, out var range, out var error)) return new LokiError(StatusCodes.Status400BadRequest, error!);
        var selectors = parameters.GetAll("match[]").Concat(parameters.GetAll("match")).ToList();
        if (selectors.Count == 0) return new LokiError(StatusCodes.Status400BadRequest, "at least one match[] argument is required");
        var sets = new List<IReadOnlyList<LabelMatcher>>();
        foreach (var selector in selectors)
        {
            if (!TryOptionalSelector(selector, out var matchers, out error)) return new LokiError(StatusCodes.Status400BadRequest, error!);
            sets.Add(matchers!);
        }
        return new LokiSeriesResult(reader.Series(tenant, sets, range));
    }

    public LokiResult IndexStats(string tenant, LokiParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!TryRange(parameters, out var range, out var error)) return new LokiError(StatusCodes.Status400BadRequest, error!);
        var query = parameters.Get("query");
        if (query is null) return new LokiError(StatusCodes.Status400BadRequest, "query must not be empty");
        if (!TryOptionalSelector(query, out var matchers, out error)) return new LokiError(StatusCodes.Status400BadRequest, error!);
        return new LokiIndexStatsResult(reader.IndexStats(tenant, matchers!, range));
    }

    private bool TryRange(LokiParameters parameters, out TimeRange range, out string? error)
    {
        range = default;
        var now = (clock.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        if (!parameters.TryGetRange(now, DefaultLookback, out var start, out var end, out error)) return false;
        range = new TimeRange(start, end);
        return true;
    }

    /// <summary>The stream selector of a query (a pipeline after it is allowed and ignored, as Loki does).</summary>
    internal static bool TryOptionalSelector(string? query, out IReadOnlyList<LabelMatcher>? matchers, out string? error)
    {
        matchers = null;
        error = null;
        if (query is null) return true;
        try
        {
            if (LogQLParser.Parse(query) is not LogSelectorExpr selector)
            {
                error = "only a stream selector or a log query is allowed here";
                return false;
            }
            matchers = selector.ToMatchers();
            return true;
        }
        catch (LogQLParseException e)
        {
            error = e.Message;
            return false;
        }
    }
}
