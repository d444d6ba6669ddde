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
/// Unknown keys are errors, so a typo is not silently ignored.
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
            if (!SettingNames.FileKeys.Contains(key))
                throw new SettingsException($"config file '{path}': unknown setting '{key}' (known: {string.Join(", ", SettingNames.FileKeys)})");
            if (valueNode is not YamlScalarNode scalar)
                throw new SettingsException($"config file '{path}': setting '{key}' must be a single value");
            values[key] = scalar.Value ?? string.Empty;
        }
        return values;
    }
}
