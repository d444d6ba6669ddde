using YamlDotNet.RepresentationModel;

namespace Orrery.Receive.Scrape.Config;

/// <summary>
/// Reads the fields of one YAML mapping and names the field (<c>scrape_configs[0].scheme</c>)
/// and its line in every error, so a bad configuration points at what to fix.
/// </summary>
internal sealed class YamlFields
{
    private readonly YamlMappingNode _node;

    public YamlFields(YamlNode node, string path)
    {
        Path = path;
        if (node is not YamlMappingNode mapping) throw Error(path, "expected a mapping", node);
        _node = mapping;
    }

    public string Path { get; }

    public static ScrapeConfigException Error(string field, string reason, YamlNode? node) =>
        new(field, reason, node is null ? 0 : (int)node.Start.Line);

    public string FieldPath(string key) => Path.Length == 0 ? key : Path + "." + key;

    /// <summary>Refuses keys other than <paramref name="known"/>; <paramref name="unsupported"/> names Prometheus fields Orrery does not implement.</summary>
    public void RejectUnknown(IReadOnlyCollection<string> known, IReadOnlyCollection<string>? unsupported = null)
    {
        foreach (var (key, _) in _node.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (known.Contains(name)) continue;
            var reason = unsupported is not null && unsupported.Contains(name) ? "not supported by Orrery" : "unknown field";
            throw Error(FieldPath(name), reason, key);
        }
    }

    public YamlNode? Get(string key)
    {
        if (!_node.Children.TryGetValue(new YamlScalarNode(key), out var value)) return null;
        return IsNull(value) ? null : value;
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public string? String(string key)
    {
        var node = Get(key);
        if (node is null) return null;
        if (node is not YamlScalarNode scalar) throw Error(FieldPath(key), "expected a string", node);
        return scalar.Value ?? "";
    }

    public bool? Bool(string key)
    {
        var text = String(key);
        if (text is null) return null;
        return text switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => throw Error(FieldPath(key), $"invalid boolean \"{text}\"", Get(key)),
        };
    }

    public TimeSpan? Duration(string key)
    {
        var text = String(key);
        if (text is null) return null;
        if (!PromDuration.TryParse(text, out var duration)) throw Error(FieldPath(key), $"invalid duration \"{text}\" (use e.g. 15s, 1m, 1h30m)", Get(key));
        return duration;
    }

    public ulong? UInt64(string key)
    {
        var text = String(key);
        if (text is null) return null;
        if (!ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            throw Error(FieldPath(key), $"invalid unsigned integer \"{text}\"", Get(key));
        return n;
    }

    public IReadOnlyList<string> StringList(string key)
    {
        var node = Get(key);
        if (node is null) return [];
        if (node is not YamlSequenceNode sequence) throw Error(FieldPath(key), "expected a list of strings", node);
        var list = new List<string>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is not YamlScalarNode scalar) throw Error($"{FieldPath(key)}[{i}]", "expected a string", sequence.Children[i]);
            list.Add(scalar.Value ?? "");
        }
        return list;
    }

    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        var node = Get(key);
        if (node is null) return new Dictionary<string, string>();
        if (node is not YamlMappingNode mapping) throw Error(FieldPath(key), "expected a mapping of strings", node);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in mapping.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            if (v is not YamlScalarNode scalar) throw Error($"{FieldPath(key)}.{name}", "expected a string", v);
            map[name] = IsNull(v) ? "" : scalar.Value ?? "";
        }
        return map;
    }

    /// <summary>The items of a list field, each with its path (<c>key[i]</c>).</summary>
    public IEnumerable<(YamlNode Node, string Path)> Items(string key)
    {
        var node = Get(key);
        if (node is null) yield break;
        if (node is not YamlSequenceNode sequence) throw Error(FieldPath(key), "expected a list", node);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            yield return (sequence.Children[i], $"{FieldPath(key)}[{i}]");
        }
    }
}
