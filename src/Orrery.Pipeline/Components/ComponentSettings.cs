using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Orrery.Pipeline.Components;

/// <summary>
/// The YAML body of one configured component, e.g. <c>filter/health: { spans: ... }</c> has id
/// <c>filter/health</c>, type <c>filter</c>. Typed accessors fail with the line of the offending
/// value, so every component reports bad settings the same way.
/// </summary>
public sealed class ComponentSettings(string id, YamlMappingNode? body, int line)
{
    public string Id { get; } = id;

    /// <summary>The part before the first '/': what kind of component this is.</summary>
    public string Type => Id.Split('/', 2)[0];

    /// <summary>The mapping under the id (empty when the id had no body).</summary>
    public YamlMappingNode Body { get; } = body ?? new YamlMappingNode();

    /// <summary>Line of the id in the file (1-based).</summary>
    public int Line { get; } = line;

    public YamlNode? Get(string key) =>
        Body.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public string? GetString(string key, string? fallback = null) => Get(key) switch
    {
        null => fallback,
        YamlScalarNode s => s.Value,
        var n => throw Error(n, $"{Id}: '{key}' must be a single value"),
    };

    public long GetInt64(string key, long fallback)
    {
        var node = Get(key);
        if (node is null) return fallback;
        var text = GetString(key);
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw Error(node, $"{Id}: '{key}' must be an integer, not '{text}'");
    }

    public double GetDouble(string key, double fallback)
    {
        var node = Get(key);
        if (node is null) return fallback;
        var text = GetString(key);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw Error(node, $"{Id}: '{key}' must be a number, not '{text}'");
    }

    public bool GetBool(string key, bool fallback)
    {
        var node = Get(key);
        if (node is null) return fallback;
        var text = GetString(key);
        return bool.TryParse(text, out var v) ? v : throw Error(node, $"{Id}: '{key}' must be true or false, not '{text}'");
    }

    /// <summary>A duration as the collector writes them (<c>10s</c>, <c>500ms</c>, <c>1h30m</c>).</summary>
    public TimeSpan GetDuration(string key, TimeSpan fallback)
    {
        var node = Get(key);
        if (node is null) return fallback;
        var text = GetString(key) ?? "";
        return DurationText.TryParse(text, out var v) ? v : throw Error(node, $"{Id}: '{key}' must be a duration such as 10s or 500ms, not '{text}'");
    }

    public IReadOnlyList<string> GetStrings(string key) => Get(key) switch
    {
        null => [],
        YamlSequenceNode seq => seq.Children.Select(c => c is YamlScalarNode s ? s.Value ?? "" : throw Error(c, $"{Id}: '{key}' must be a list of values")).ToArray(),
        YamlScalarNode s => [s.Value ?? ""],
        var n => throw Error(n, $"{Id}: '{key}' must be a list of values"),
    };

    /// <summary>A nested mapping as settings of its own (for sub-sections such as a policy).</summary>
    public ComponentSettings? GetSection(string key) => Get(key) switch
    {
        null => null,
        YamlMappingNode m => new ComponentSettings(Id + "." + key, m, (int)m.Start.Line),
        YamlScalarNode { Value: null or "" } s => new ComponentSettings(Id + "." + key, null, (int)s.Start.Line),
        var n => throw Error(n, $"{Id}: '{key}' must be a mapping"),
    };

    /// <summary>A list of mappings (e.g. tail sampling's <c>policies</c>).</summary>
    public IReadOnlyList<ComponentSettings> GetSections(string key) => Get(key) switch
    {
        null => [],
        YamlSequenceNode seq => seq.Children.Select((c, i) => c is YamlMappingNode m
            ? new ComponentSettings($"{Id}.{key}[{i}]", m, (int)m.Start.Line)
            : throw Error(c, $"{Id}: each entry of '{key}' must be a mapping")).ToArray(),
        var n => throw Error(n, $"{Id}: '{key}' must be a list"),
    };

    /// <summary>Fails on keys the component does not know, so a typo is not silently ignored.</summary>
    public void RejectUnknownKeys(params string[] known)
    {
        foreach (var (k, _) in Body.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(key, StringComparer.Ordinal))
                throw Error(k, $"{Id}: unknown setting '{key}' (known: {string.Join(", ", known)})");
        }
    }

    public static PipelineConfigException Error(YamlNode node, string message) => new(message, (int)node.Start.Line);
}
