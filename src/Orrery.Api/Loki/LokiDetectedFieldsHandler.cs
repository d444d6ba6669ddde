using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orrery.Query;
using Orrery.Query.LogQL.Engine;
using Orrery.Query.LogQL.Syntax;
using Orrery.Storage.Logs;

namespace Orrery.Api.Loki;

/// <summary>
/// <c>/loki/api/v1/detected_fields</c>: the fields of recent lines, found by running the
/// query and then <c>json</c> (for lines that look like JSON objects) or <c>logfmt</c> on them,
/// with a guessed type and the number of distinct values.
/// </summary>
public sealed class LokiDetectedFieldsHandler(LogQLEngine engine, TimeProvider clock)
{
    private const long Second = 1_000_000_000;
    private const int DefaultLineLimit = 1000;

    public LokiResult Handle(string tenant, LokiParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var query = parameters.Get("query");
        if (query is null) return new LokiError(StatusCodes.Status400BadRequest, "query must not be empty");
        var now = (clock.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        if (!parameters.TryGetRange(now, 3600 * Second, out var start, out var end, out var error))
            return new LokiError(StatusCodes.Status400BadRequest, error!);
        var lineLimit = int.TryParse(parameters.Get("line_limit"), out var l) && l > 0 ? Math.Min(l, engine.Limits.MaxEntries) : Math.Min(DefaultLineLimit, engine.Limits.MaxEntries);
        LogSelectorExpr selector;
        try
        {
            selector = LogQLParser.Parse(query) as LogSelectorExpr ?? throw new LogQLParseException(1, 1, "detected_fields needs a log query");
        }
        catch (LogQLParseException e)
        {
            return new LokiError(StatusCodes.Status400BadRequest, e.Message);
        }
        var fields = new Dictionary<string, (HashSet<string> Values, string? Parser)>(StringComparer.Ordinal);
        try
        {
            var lines = (StreamsResult)engine.Execute(tenant, selector, new LogQLRequest(query, start, end, Second, LogDirection.Backward, lineLimit), cancellationToken);
            var json = (StreamsResult)engine.Execute(tenant, WithParser(selector, new JsonParserStage(EquatableList<LabelExtraction>.Empty)), new LogQLRequest(query, start, end, Second, LogDirection.Backward, lineLimit), cancellationToken);
            var logfmt = (StreamsResult)engine.Execute(tenant, WithParser(selector, new LogfmtParserStage(false, false, EquatableList<LabelExtraction>.Empty)), new LogQLRequest(query, start, end, Second, LogDirection.Backward, lineLimit), cancellationToken);
            for (var i = 0; i < lines.Entries.Count; i++)
            {
                var entry = lines.Entries[i];
                foreach (var label in entry.StructuredMetadata.AsSpan()) Add(fields, label.Name, label.Value, null);
                foreach (var label in entry.Parsed.AsSpan()) Add(fields, label.Name, label.Value, null);
                var looksJson = entry.Line.TrimStart().StartsWith('{');
                var parsed = looksJson ? json.Entries[i] : logfmt.Entries[i];
                if (parsed.Labels.Has("__error__")) continue;
                foreach (var label in parsed.Parsed.AsSpan()) Add(fields, label.Name, label.Value, looksJson ? "json" : "logfmt");
            }
        }
        catch (LogQLException e)
        {
            return new LokiError(StatusCodes.Status400BadRequest, e.Message);
        }
        var result = fields.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new DetectedField(f.Key, TypeOf(f.Value.Values), f.Value.Values.Count, f.Value.Parser is null ? [] : [f.Value.Parser]))
            .ToList();
        return new LokiDetectedFieldsResult(result);
    }

    private static LogSelectorExpr WithParser(LogSelectorExpr selector, PipelineStage parser) =>
        selector with { Stages = EquatableList.Of(selector.Stages.Append(parser)) };

    private static void Add(Dictionary<string, (HashSet<string> Values, string? Parser)> fields, string name, string value, string? parser)
    {
        if (name.StartsWith("__", StringComparison.Ordinal)) return;
        if (!fields.TryGetValue(name, out var field)) fields[name] = field = (new HashSet<string>(StringComparer.Ordinal), parser);
        field.Values.Add(value);
    }

    private static string TypeOf(HashSet<string> values)
    {
        if (values.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))) return "int";
        if (values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))) return "float";
        if (values.All(v => v is "true" or "false")) return "boolean";
        if (values.All(v => GoDuration.TryParse(v, out _, out _))) return "duration";
        if (values.All(v => v.Length > 1 && char.IsAsciiLetter(v[^1]) && ByteSize.TryParse(v, out _))) return "bytes";
        return "string";
    }
}
