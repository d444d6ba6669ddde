using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orrery.Configuration;

/// <summary>
/// A YAML config file: a flat mapping with the flags' names as keys, e.g.
/// <code>
/// data: /var/lib/orrery
/// otlp-grpc: 0.0.0.0:4317
/// retention: 14d
/// </code>
/// Unknown keys are errors, so a typo is not silently ignored. Besides the flat settings, a file
/// may hold nested sections (<see cref="SettingNames.SectionKeys"/>, e.g. <c>scrape_configs</c> as
/// in prometheus.yml); <see cref="LoadSections"/> hands them to their owners as YAML.
/// </summary>
internal static class ConfigFile
{
    public static Dictionary<string, string> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"cannot read config file '{path}': {e.Message}");
        }
        return Parse(text, path);
    }

    public static Dictionary<string, string> Parse(string yaml, string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new SettingsException($"config file '{path}' is not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" }) return values;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new SettingsException($"config file '{path}' must be a mapping of setting names to values");
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (SettingNames.SectionKeys.Contains(key)) continue;
            if (!SettingNames.FileKeys.Contains(key))
                throw new SettingsException($"config file '{path}': unknown setting '{key}' (known: {string.Join(", ", SettingNames.FileKeys.Concat(SettingNames.SectionKeys))})");
            if (valueNode is not YamlScalarNode scalar)
                throw new SettingsException($"config file '{path}': setting '{key}' must be a single value");
            values[key] = scalar.Value ?? string.Empty;
        }
        return values;
    }

    /// <summary>
    /// The file's nested sections named in <paramref name="keys"/> only, as a YAML document, or
    /// null when it has none. Read again on each call, so a reload sees the file's current content.
    /// </summary>
    public static string? LoadSections(string path, IReadOnlyList<string> keys)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"cannot read config file '{path}': {e.Message}");
        }
        return Sections(text, path, keys);
    }

    public static string? Sections(string yaml, string path, IReadOnlyList<string> keys)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new SettingsException($"config file '{path}' is not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) return null;
        var sections = new YamlMappingNode();
        foreach (var (keyNode, valueNode) in root.Children)
        {
            if (keyNode is YamlScalarNode { Value: { } key } && keys.Contains(key)) sections.Add(keyNode, valueNode);
        }
        if (sections.Children.Count == 0) return null;
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(sections)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
