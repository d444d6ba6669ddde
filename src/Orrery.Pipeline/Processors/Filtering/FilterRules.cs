using Orrery.Pipeline.Components;

namespace Orrery.Pipeline.Processors.Filtering;

/// <summary>
/// The compiled condition lists of one <c>filter</c> processor, in the collector's shape:
/// <code>
/// filter/health:
///   error_mode: ignore
///   traces:
///     span: ['attributes["http.target"] =~ "^/health.*"', 'kind == SPAN_KIND_INTERNAL and name == "ping"']
///     spanevent: ['name == "debug"']
///   metrics:
///     metric: ['name == "go_gc_duration_seconds"']
///     datapoint: ['attributes["le"] == "+Inf"']
///   logs:
///     log_record: ['severity_number &lt; SEVERITY_NUMBER_INFO', 'IsMatch(body, "^GET /health")']
/// </code>
/// A row is dropped when any condition of its list matches. Conditions never fail at run time
/// (an absent attribute is <c>nil</c>), so <c>error_mode</c> is accepted and has nothing to govern.
/// </summary>
internal sealed class FilterRules
{
    public IReadOnlyList<FilterCondition> Span { get; private init; } = [];
    public IReadOnlyList<FilterCondition> SpanEvent { get; private init; } = [];
    public IReadOnlyList<FilterCondition> Metric { get; private init; } = [];
    public IReadOnlyList<FilterCondition> DataPoint { get; private init; } = [];
    public IReadOnlyList<FilterCondition> LogRecord { get; private init; } = [];

    public static FilterRules Parse(ComponentSettings settings)
    {
        settings.RejectUnknownKeys("error_mode", "traces", "metrics", "logs");
        var errorMode = settings.GetString("error_mode", "propagate");
        if (errorMode is not ("propagate" or "ignore" or "silent"))
            throw ComponentSettings.Error(settings.Get("error_mode")!, $"{settings.Id}: error_mode must be propagate, ignore or silent");
        var traces = settings.GetSection("traces");
        traces?.RejectUnknownKeys("span", "spanevent");
        var metrics = settings.GetSection("metrics");
        metrics?.RejectUnknownKeys("metric", "datapoint");
        var logs = settings.GetSection("logs");
        logs?.RejectUnknownKeys("log_record");
        return new FilterRules
        {
            Span = Compile(traces, "span", FilterContextKind.Span),
            SpanEvent = Compile(traces, "spanevent", FilterContextKind.SpanEvent),
            Metric = Compile(metrics, "metric", FilterContextKind.Metric),
            DataPoint = Compile(metrics, "datapoint", FilterContextKind.DataPoint),
            LogRecord = Compile(logs, "log_record", FilterContextKind.LogRecord),
        };
    }

    public static bool AnyMatches(IReadOnlyList<FilterCondition> conditions, FilterTarget target)
    {
        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i].Matches(target)) return true;
        }
        return false;
    }

    private static FilterCondition[] Compile(ComponentSettings? section, string key, FilterContextKind context)
    {
        if (section?.Get(key) is not { } node) return [];
        var texts = section.GetStrings(key);
        var items = node is YamlDotNet.RepresentationModel.YamlSequenceNode seq ? seq.Children : [node];
        var result = new FilterCondition[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            try
            {
                result[i] = FilterConditionParser.Parse(texts[i], context);
            }
            catch (FormatException e)
            {
                throw ComponentSettings.Error(items[i], $"{section.Id}.{key}: condition '{texts[i]}': {e.Message}");
            }
        }
        return result;
    }
}
