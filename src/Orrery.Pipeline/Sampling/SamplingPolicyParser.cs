using Orrery.Pipeline.Components;
using Orrery.Pipeline.Sampling.Policies;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling;

/// <summary>
/// Builds policies from the collector's <c>policies</c> list: each entry has <c>name</c>,
/// <c>type</c>, and a section named after the type with its settings. <c>and</c> and
/// <c>composite</c> nest policies of the other types (not themselves).
/// </summary>
public static class SamplingPolicyParser
{
    private static readonly string[] LeafTypes =
    [
        "always_sample", "latency", "status_code", "numeric_attribute", "string_attribute", "probabilistic",
        "rate_limiting", "span_count", "trace_state", "boolean_attribute",
    ];

    public static IReadOnlyList<ISamplingPolicy> ParseAll(ComponentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var entries = settings.GetSections("policies");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var policies = new List<ISamplingPolicy>(entries.Count);
        foreach (var entry in entries)
        {
            var policy = Parse(entry, nested: false);
            if (!names.Add(policy.Name)) throw new PipelineConfigException($"{settings.Id}: two policies are named '{policy.Name}'", entry.Line);
            policies.Add(policy);
        }
        return policies;
    }

    public static ISamplingPolicy Parse(ComponentSettings entry, bool nested)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var name = entry.GetString("name") ?? throw new PipelineConfigException($"{entry.Id}: every policy needs a 'name'", entry.Line);
        var type = entry.GetString("type") ?? throw new PipelineConfigException($"{entry.Id}: policy '{name}' needs a 'type'", entry.Line);
        if (nested && !LeafTypes.Contains(type))
            throw new PipelineConfigException($"{entry.Id}: policy '{name}' of type '{type}' cannot be nested (use one of {string.Join(", ", LeafTypes)})", entry.Line);
        entry.RejectUnknownKeys("name", "type", type);
        var s = entry.GetSection(type) ?? new ComponentSettings(entry.Id + "." + type, null, entry.Line);
        return type switch
        {
            "always_sample" => new AlwaysSamplePolicy(name),
            "latency" => Latency(name, s),
            "status_code" => StatusCodes(name, s),
            "numeric_attribute" => Numeric(name, s),
            "string_attribute" => Strings(name, s),
            "probabilistic" => Probabilistic(name, s),
            "rate_limiting" => RateLimiting(name, s),
            "span_count" => SpanCount(name, s),
            "trace_state" => TraceState(name, s),
            "boolean_attribute" => Boolean(name, s),
            "and" => And(name, s),
            "composite" => Composite(name, s),
            _ => throw new PipelineConfigException($"{entry.Id}: unknown policy type '{type}' (known: {string.Join(", ", LeafTypes)}, and, composite)", entry.Line),
        };
    }

    private static LatencyPolicy Latency(string name, ComponentSettings s)
    {
        s.RejectUnknownKeys("threshold_ms", "upper_threshold_ms");
        var lower = s.GetInt64("threshold_ms", 0);
        var upper = s.GetInt64("upper_threshold_ms", 0);
        if (lower < 0 || upper < 0) throw new PipelineConfigException($"{s.Id}: thresholds must not be negative", s.Line);
        if (upper != 0 && upper <= lower) throw new PipelineConfigException($"{s.Id}: upper_threshold_ms ({upper}) must be greater than threshold_ms ({lower})", s.Line);
        return new LatencyPolicy(name, lower, upper);
    }

    private static StatusCodePolicy StatusCodes(string name, ComponentSettings s)
    {
        s.RejectUnknownKeys("status_codes");
        var codes = s.GetStrings("status_codes");
        if (codes.Count == 0) throw new PipelineConfigException($"{s.Id}: status_codes must list at least one of ERROR, OK, UNSET", s.Line);
        return new StatusCodePolicy(name, codes.Select(c => c.ToUpperInvariant() switch
        {
            "ERROR" => StatusCode.Error,
            "OK" => StatusCode.Ok,
            "UNSET" => StatusCode.Unset,
            _ => throw new PipelineConfigException($"{s.Id}: unknown status code '{c}' (use ERROR, OK or UNSET)", s.Line),
        }).ToArray());
    }

    private static NumericAttributePolicy Numeric(string name, ComponentSettings s)
    {
        s.RejectUnknownKeys("key", "min_value", "max_value", "invert_match");
        var key = RequiredKey(s);
        double? min = s.Get("min_value") is null ? null : s.GetDouble("min_value", 0);
        double? max = s.Get("max_value") is null ? null : s.GetDouble("max_value", 0);
        if (min is null && max is null) throw new PipelineConfigException($"{s.Id}: set min_value, max_value or both", s.Line);
        if (min > max) throw new PipelineConfigException($"{s.Id}: min_value ({min}) is greater than max_value ({max})", s.Line);
        return new NumericAttributePolicy(name, key, min, max, s.GetBool("invert_match", false));
    }

    private static StringAttributePolicy Strings(string name, ComponentSettings s)
    {
        s.RejectUnknownKeys("key", "values", "enabled_regex_matching", "cache_max_size", "invert_match");
        var key = RequiredKey(s);
        var values = s.GetStrings("values");
        if (values.Count == 0) throw new PipelineConfigException($"{s.Id}: values must list at least one value", s.Line);
        var regex = s.GetBool("enabled_regex_matching", false);
        try
        {
            return new StringAttributePolicy(name, key, values, regex, s.GetBool("invert_match", false));
        }
        catch (ArgumentException e) when (regex)
        {
            throw new PipelineConfigException($"{s.Id}: invalid regular expression: {e.Message}", s.Line);
        }
    }

    private static ProbabilisticPolicy Probabilistic(string name, ComponentSettings s)
    {
        s.RejectUnknownKeys("sampling_percentage", "hash_salt");
        var pct = s.GetDouble("sampling_percentage", 0);
        if (pct is < 0 or > 100 || double.IsNaN(pct)) throw new PipelineConfigException($"{s.Id}: sampling_percentage must be between 0 and 100", s.Line);
        var salt = s.GetString("hash_salt");
        return new ProbabilisticPolicy(name, pct, string.IsNullOrEmpty(salt) ? ProbabilisticPolicy.DefaultSalt : salt);
    }

    private static RateLimitingPolicy RateLimiting(string name, ComponentSettings s)
    {
        s.RejectUnknownKeys("spans_per_second");
        var sps = s.GetInt64("spans_per_second", 0);
        if (sps <= 0) throw new PipelineConfigException($"{s.Id}: spans_per_second must be positive", s.Line);
        return new RateLimitingPolicy(name, sps);
    }

    private static SpanCountPolicy SpanCount(string name, ComponentSettings s)
    {
        s.RejectUnknownKeys("min_spans", "max_spans");
        var min = s.GetInt64("min_spans", 0);
        var max = s.GetInt64("max_spans", 0);
        if (min < 0 || max < 0) throw new PipelineConfigException($"{s.Id}: min_spans and max_spans must not be negative", s.Line);
        if (max != 0 && max < min) throw new PipelineConfigException($"{s.Id}: max_spans ({max}) is less than min_spans ({min})", s.Line);
        return new SpanCountPolicy(name, min, max);
    }

    private static TraceStatePolicy TraceState(string name, ComponentSettings s)
    {
        s.RejectUnknownKeys("key", "values");
        var key = RequiredKey(s);
        var values = s.GetStrings("values");
        if (values.Count == 0) throw new PipelineConfigException($"{s.Id}: values must list at least one value", s.Line);
        return new TraceStatePolicy(name, key, values);
    }

    private static BooleanAttributePolicy Boolean(string name, ComponentSettings s)
    {
        s.RejectUnknownKeys("key", "value", "invert_match");
        var key = RequiredKey(s);
        if (s.Get("value") is null) throw new PipelineConfigException($"{s.Id}: 'value' (true or false) is required", s.Line);
        return new BooleanAttributePolicy(name, key, s.GetBool("value", false), s.GetBool("invert_match", false));
    }

    private static AndPolicy And(string name, ComponentSettings s)
    {
        s.RejectUnknownKeys("and_sub_policy");
        var subs = s.GetSections("and_sub_policy").Select(e => Parse(e, nested: true)).ToArray();
        if (subs.Length == 0) throw new PipelineConfigException($"{s.Id}: and_sub_policy must list at least one policy", s.Line);
        return new AndPolicy(name, subs);
    }

    private static CompositePolicy Composite(string name, ComponentSettings s)
    {
        s.RejectUnknownKeys("max_total_spans_per_second", "policy_order", "composite_sub_policy", "rate_allocation");
        var max = s.GetInt64("max_total_spans_per_second", 0);
        if (max <= 0) throw new PipelineConfigException($"{s.Id}: max_total_spans_per_second must be positive", s.Line);
        var subs = s.GetSections("composite_sub_policy").Select(e => Parse(e, nested: true)).ToDictionary(p => p.Name, StringComparer.Ordinal);
        if (subs.Count == 0) throw new PipelineConfigException($"{s.Id}: composite_sub_policy must list at least one policy", s.Line);
        var percents = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var alloc in s.GetSections("rate_allocation"))
        {
            alloc.RejectUnknownKeys("policy", "percent");
            var policy = alloc.GetString("policy") ?? throw new PipelineConfigException($"{alloc.Id}: 'policy' is required", alloc.Line);
            if (!subs.ContainsKey(policy)) throw new PipelineConfigException($"{alloc.Id}: rate_allocation names unknown policy '{policy}'", alloc.Line);
            percents[policy] = alloc.GetDouble("percent", 0);
        }
        if (percents.Values.Sum() > 100) throw new PipelineConfigException($"{s.Id}: rate_allocation percentages add up to more than 100", s.Line);
        var order = s.GetStrings("policy_order");
        if (order.Count == 0) order = subs.Keys.ToArray();
        var ordered = new List<(ISamplingPolicy, double?)>(order.Count);
        foreach (var n in order)
        {
            if (!subs.TryGetValue(n, out var p)) throw new PipelineConfigException($"{s.Id}: policy_order names unknown policy '{n}'", s.Line);
            ordered.Add((p, percents.TryGetValue(n, out var pct) ? pct : null));
        }
        return new CompositePolicy(name, max, ordered);
    }

    private static string RequiredKey(ComponentSettings s) =>
        s.GetString("key") is { Length: > 0 } key ? key : throw new PipelineConfigException($"{s.Id}: 'key' is required", s.Line);
}
