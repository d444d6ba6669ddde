using Microsoft.AspNetCore.Http;
using Orrery.Query.LogQL.Engine;
using Orrery.Query.LogQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Storage.Logs;
using MatchType = Orrery.Signals.Labels.MatchType;

namespace Orrery.Api.Loki;

/// <summary>
/// <c>/loki/api/v1/index/volume</c> (a vector) and <c>/index/volume_range</c> (a matrix): bytes
/// of the streams a selector matches, summed into groups, from the index alone. Groups are the
/// <c>targetLabels</c> when given, else the labels the selector names; with
/// <c>aggregateBy=labels</c> each label name is a group of its own (<c>{name=""}</c>). Largest
/// first, at most <c>limit</c> (default 100) groups.
/// </summary>
public sealed class LokiVolumeHandler(ILogReader reader, TimeProvider clock)
{
    private const long Second = 1_000_000_000;
    private const int DefaultLimit = 100;
    private const long DefaultLookback = 3600 * Second;
    /// <summary>Index reads one volume_range answer may make (streams × steps): a bound on its cost.</summary>
    private const long MaxIndexReads = 100_000;

    public LokiResult Volume(string tenant, LokiParameters parameters) => Handle(tenant, parameters, ranged: false);

    public LokiResult VolumeRange(string tenant, LokiParameters parameters) => Handle(tenant, parameters, ranged: true);

    private LokiResult Handle(string tenant, LokiParameters parameters, bool ranged)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var now = (clock.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        if (!parameters.TryGetRange(now, DefaultLookback, out var start, out var end, out var error)
            || !parameters.TryGetLimit(DefaultLimit, out var limit, out error)
            || !parameters.TryGetDuration("step", out var step, out error))
            return new LokiError(StatusCodes.Status400BadRequest, error!);
        var query = parameters.Get("query");
        if (query is null) return new LokiError(StatusCodes.Status400BadRequest, "query must not be empty");
        if (!LokiLabelsHandler.TryOptionalSelector(query, out var matchers, out error)) return new LokiError(StatusCodes.Status400BadRequest, error!);
        var aggregateBy = parameters.Get("aggregateBy") ?? "series";
        if (aggregateBy is not ("series" or "labels")) return new LokiError(StatusCodes.Status400BadRequest, "invalid aggregateBy: must be series or labels");
        var targets = parameters.Get("targetLabels")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            ?? matchers!.Select(m => m.Name).Distinct(StringComparer.Ordinal).ToArray();

        var stepNs = step ?? Math.Max((end - start) / 250 / Second, 1) * Second;
        if (ranged && stepNs <= 0) return new LokiError(StatusCodes.Status400BadRequest, "zero or negative query resolution step widths are not accepted. Try a positive integer");
        var windows = ranged ? Windows(start, end, stepNs) : [(end, new TimeRange(start, end))];
        var range = new TimeRange(start, end);
        var streams = reader.Series(tenant, [matchers!], range);
        if (streams.Count * (long)windows.Count > MaxIndexReads)
            return new LokiError(StatusCodes.Status400BadRequest, $"volume over {streams.Count} streams at {windows.Count} steps is too much: use a larger step or a narrower selector");
        var allNames = reader.LabelNames(tenant, range);

        // Per group, bytes per window.
        var groups = new Dictionary<LabelSet, double[]>();
        foreach (var stream in streams)
        {
            var exact = ExactlyThisStream(stream, allNames);
            var keys = GroupsOf(stream, targets, aggregateBy == "labels");
            if (keys.Count == 0) continue;
            for (var w = 0; w < windows.Count; w++)
            {
                var bytes = reader.IndexStats(tenant, exact, windows[w].Range).Bytes;
                if (bytes == 0) continue;
                foreach (var key in keys)
                {
                    if (!groups.TryGetValue(key, out var values)) groups.Add(key, values = new double[windows.Count]);
                    values[w] += bytes;
                }
            }
        }
        var ranked = groups.OrderByDescending(g => g.Value.Sum()).ThenBy(g => g.Key).Take(limit).ToList();
        var statistics = new QueryStatistics { Streams = streams.Count };
        if (!ranged)
            return new LokiQueryResult(new VectorResult(ranked.Select(g => new VectorSample(g.Key, end, g.Value[0])).ToList(), statistics), false);
        var series = ranked.OrderBy(g => g.Key)
            .Select(g => new Series(g.Key, windows.Select((window, i) => (window.At, Value: g.Value[i])).Where(p => p.Value > 0).Select(p => new SamplePoint(p.At, p.Value)).ToList()))
            .ToList();
        return new LokiQueryResult(new MatrixResult(series, statistics), false);
    }

    /// <summary>Each step t covers (t - step, t], as a range query's <c>bytes_over_time(…[step])</c> would.</summary>
    private static List<(long At, TimeRange Range)> Windows(long start, long end, long step)
    {
        var windows = new List<(long, TimeRange)>();
        for (var t = start; t <= end; t += step) windows.Add((t, new TimeRange(Math.Max(t - step + 1, 0), t)));
        return windows;
    }

    /// <summary>Matchers that select this stream and no stream with more labels: its labels, and every other name empty.</summary>
    private static List<LabelMatcher> ExactlyThisStream(LabelSet stream, IReadOnlyList<string> allNames)
    {
        var matchers = new List<LabelMatcher>(allNames.Count);
        foreach (var label in stream.AsSpan()) matchers.Add(new LabelMatcher(MatchType.Equal, label.Name, label.Value));
        foreach (var name in allNames)
        {
            if (!stream.Has(name)) matchers.Add(new LabelMatcher(MatchType.Equal, name, ""));
        }
        return matchers;
    }

    private static List<LabelSet> GroupsOf(LabelSet stream, string[] targets, bool byLabelName)
    {
        // A label-name group is {name=""}: FromSorted keeps the empty value that From would drop.
        if (byLabelName) return targets.Where(stream.Has).Select(name => LabelSet.FromSorted([new Label(name, "")])).ToList();
        var kept = targets.Where(stream.Has).Select(name => new Label(name, stream.Get(name))).ToList();
        return kept.Count == 0 ? [] : [LabelSet.From(kept)];
    }
}
