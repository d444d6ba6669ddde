using Orrery.Query.LogQL.Pipeline;
using Orrery.Query.LogQL.Syntax;
using Orrery.Signals;
using Orrery.Storage.Logs;

namespace Orrery.Query.LogQL.Engine;

/// <summary>A log query: lines in [start, end), merged across streams in the requested direction, at most <c>limit</c>.</summary>
internal static class LogQueryEvaluator
{
    public static StreamsResult Evaluate(LineScanner scanner, LogSelectorExpr selector, LogQLRequest request, LogQLLimits limits, QueryStatistics statistics)
    {
        if (request.Limit > limits.MaxEntries)
            throw new LogQLException($"max entries limit per query exceeded, limit > max_entries_limit_per_query ({request.Limit} > {limits.MaxEntries})");
        var entries = new List<LogEntry>(Math.Min(request.Limit, 1024));
        if (request.Limit <= 0) return new StreamsResult(entries, statistics);
        var pipeline = LogPipeline.Compile(selector.Stages);
        // Loki's end is exclusive for log queries; an instant log query reads the instant itself.
        var end = request.EndNs > request.StartNs ? request.EndNs - 1 : request.EndNs;
        var range = new TimeRange(request.StartNs, end);
        scanner.Scan(selector, pipeline, range, request.Direction, ordered: true, line =>
        {
            entries.Add(ToEntry(line));
            return entries.Count < request.Limit;
        });
        statistics.EntriesReturned = entries.Count;
        return new StreamsResult(entries, statistics);
    }

    private static LogEntry ToEntry(LogLine line)
    {
        if (line.LabelsAreStream())
            return new LogEntry(line.TimestampNs, line.Line, line.StreamLabels, line.StreamLabels, Signals.Labels.LabelSet.Empty, Signals.Labels.LabelSet.Empty);
        return new LogEntry(
            line.TimestampNs,
            line.Line,
            line.BuildLabels(),
            line.BuildLabels(LabelCategory.Stream),
            line.BuildLabels(LabelCategory.StructuredMetadata),
            line.BuildLabels(LabelCategory.Parsed));
    }
}
