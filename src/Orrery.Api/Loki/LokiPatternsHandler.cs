using Microsoft.AspNetCore.Http;
using Orrery.Query.LogQL.Engine;
using Orrery.Query.LogQL.Syntax;
using Orrery.Storage.Logs;

namespace Orrery.Api.Loki;

/// <summary>A pattern and how many lines matched it per step (<c>[unix seconds, count]</c>, steps without lines left out).</summary>
public sealed record LogPattern(string Pattern, IReadOnlyList<(long Seconds, long Count)> Samples);

public sealed record LokiPatternsResult(IReadOnlyList<LogPattern> Patterns) : LokiResult;

/// <summary>
/// <c>/loki/api/v1/patterns</c>: the lines of a log query's streams masked by
/// <see cref="LogPatternTemplate"/> and grouped by <see cref="LogPatternClusters"/>, each pattern
/// with its counts per step, most frequent first.
/// Reads at most the engine's entry limit of the newest lines in the range.
/// </summary>
public sealed class LokiPatternsHandler(LogQLEngine engine, TimeProvider clock)
{
    private const long Second = 1_000_000_000;
    private const long DefaultLookback = 3600 * Second;
    /// <summary>Loki keeps pattern samples at 10 s resolution: no finer step is offered.</summary>
    private const long MinStep = 10 * Second;
    private const int MaxPatterns = 1000;

    public LokiResult Handle(string tenant, LokiParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var now = (clock.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        if (!parameters.TryGetRange(now, DefaultLookback, out var start, out var end, out var error)
            || !parameters.TryGetDuration("step", out var step, out error))
            return new LokiError(StatusCodes.Status400BadRequest, error!);
        var query = parameters.Get("query");
        if (query is null) return new LokiError(StatusCodes.Status400BadRequest, "query must not be empty");
        LogSelectorExpr selector;
        try
        {
            selector = LogQLParser.Parse(query) as LogSelectorExpr ?? throw new LogQLParseException(1, 1, "patterns needs a log query");
        }
        catch (LogQLParseException e)
        {
            return new LokiError(StatusCodes.Status400BadRequest, e.Message);
        }
        var stepNs = Math.Max(step ?? Math.Max((end - start) / 250, Second), MinStep);
        StreamsResult lines;
        try
        {
            lines = (StreamsResult)engine.Execute(tenant, selector, new LogQLRequest(query, start, end, Second, LogDirection.Backward, engine.Limits.MaxEntries), cancellationToken);
        }
        catch (LogQLException e)
        {
            return new LokiError(StatusCodes.Status400BadRequest, e.Message);
        }
        var clusters = new LogPatternClusters();
        // Oldest first, so a pattern grows from the lines as they came.
        for (var i = lines.Entries.Count - 1; i >= 0; i--)
        {
            var entry = lines.Entries[i];
            var cluster = clusters.Add(LogPatternTemplate.Of(entry.Line));
            // Each line counts at the step that ends its window, as a range query's count_over_time(…[step]) would.
            var offset = entry.TimestampNs - start;
            var stepEnd = start + (offset <= 0 ? 0 : ((offset + stepNs - 1) / stepNs * stepNs));
            cluster.Counts[stepEnd / Second] = cluster.Counts.GetValueOrDefault(stepEnd / Second) + 1;
            cluster.Total++;
        }
        var result = clusters.All
            .GroupBy(c => c.Pattern, StringComparer.Ordinal) // clusters that generalized to the same words are one pattern
            .Select(g => (Pattern: g.Key, Total: g.Sum(c => c.Total), Counts: g.SelectMany(c => c.Counts).GroupBy(p => p.Key).ToDictionary(p => p.Key, p => p.Sum(x => x.Value))))
            .OrderByDescending(p => p.Total).ThenBy(p => p.Pattern, StringComparer.Ordinal)
            .Take(MaxPatterns)
            .Select(p => new LogPattern(p.Pattern, p.Counts.OrderBy(c => c.Key).Select(c => (c.Key, c.Value)).ToList()))
            .ToList();
        return new LokiPatternsResult(result);
    }
}
