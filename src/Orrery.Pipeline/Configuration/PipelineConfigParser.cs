using Orrery.Pipeline.Components;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orrery.Pipeline.Configuration;

/// <summary>Reads the collector-shaped sections of a YAML file into a <see cref="PipelineConfig"/>, checking shape only.</summary>
internal static class PipelineConfigParser
{
    public static PipelineConfig Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new PipelineConfigException($"not valid YAML: {e.Message}", (int)e.Start.Line);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new PipelineConfigException("the config must be a YAML mapping with a 'service' section", 1);

        var receivers = Components(root, "receivers");
        var processors = Components(root, "processors");
        var exporters = Components(root, "exporters");
        var connectors = Components(root, "connectors");
        var pipelines = Pipelines(root);
        return new PipelineConfig(receivers, processors, exporters, connectors, pipelines);
    }

    private static Dictionary<string, ComponentSettings> Components(YamlMappingNode root, string section)
    {
        var result = new Dictionary<string, ComponentSettings>(StringComparer.Ordinal);
        var node = Child(root, section);
        if (node is null || IsEmpty(node)) return result;
        if (node is not YamlMappingNode map) throw Error(node, $"'{section}' must be a mapping of component ids");
        foreach (var (keyNode, body) in map.Children)
        {
            var id = ScalarKey(keyNode, section);
            CheckId(keyNode, id, section);
            var settingsBody = body switch
            {
                YamlMappingNode m => m,
                _ when IsEmpty(body) => null,
                _ => throw Error(body, $"{section}: '{id}' must be a mapping of settings (or empty)"),
            };
            result.Add(id, new ComponentSettings(id, settingsBody, Line(keyNode)));
        }
        return result;
    }

    private static List<PipelineDefinition> Pipelines(YamlMappingNode root)
    {
        var service = Child(root, "service") ?? throw new PipelineConfigException("missing 'service' section with 'pipelines'", 1);
        if (service is not YamlMappingNode serviceMap) throw Error(service, "'service' must be a mapping");
        foreach (var (k, _) in serviceMap.Children)
        {
            var key = ScalarKey(k, "service");
            // telemetry and extensions are the collector's own; Orrery's flags own its telemetry.
            if (key is not ("pipelines" or "telemetry" or "extensions"))
                throw Error(k, $"service: unknown setting '{key}' (known: pipelines, telemetry, extensions)");
        }
        var pipelinesNode = Child(serviceMap, "pipelines") ?? throw Error(service, "service: missing 'pipelines'");
        if (pipelinesNode is not YamlMappingNode pipelinesMap || pipelinesMap.Children.Count == 0)
            throw Error(pipelinesNode, "service.pipelines must name at least one pipeline");

        var result = new List<PipelineDefinition>();
        foreach (var (keyNode, body) in pipelinesMap.Children)
        {
            var id = ScalarKey(keyNode, "service.pipelines");
            CheckId(keyNode, id, "service.pipelines");
            var signalText = id.Split('/', 2)[0];
            if (!PipelineSignalNames.TryParse(signalText, out var signal))
                throw Error(keyNode, $"pipeline '{id}': the signal must be traces, metrics or logs, not '{signalText}'");
            if (body is not YamlMappingNode bodyMap) throw Error(IsEmpty(body) ? keyNode : body, $"pipeline '{id}' must list receivers and exporters");
            foreach (var (k, _) in bodyMap.Children)
            {
                var key = ScalarKey(k, id);
                if (key is not ("receivers" or "processors" or "exporters"))
                    throw Error(k, $"pipeline '{id}': unknown setting '{key}' (known: receivers, processors, exporters)");
            }
            var receivers = References(bodyMap, "receivers", id);
            var processors = References(bodyMap, "processors", id);
            var exporters = References(bodyMap, "exporters", id);
            if (receivers.Count == 0) throw Error(keyNode, $"pipeline '{id}' must have at least one receiver");
            if (exporters.Count == 0) throw Error(keyNode, $"pipeline '{id}' must have at least one exporter");
            result.Add(new PipelineDefinition(id, signal, receivers, processors, exporters, Line(keyNode)));
        }
        return result;
    }

    private static List<ComponentReference> References(YamlMappingNode pipeline, string key, string pipelineId)
    {
        var node = Child(pipeline, key);
        var result = new List<ComponentReference>();
        if (node is null || IsEmpty(node)) return result;
        IEnumerable<YamlNode> items = node switch
        {
            YamlSequenceNode seq => seq.Children,
            YamlScalarNode s => [s],
            _ => throw Error(node, $"pipeline '{pipelineId}': '{key}' must be a list of component ids"),
        };
        foreach (var item in items)
        {
            if (item is not YamlScalarNode { Value: { Length: > 0 } id })
                throw Error(item, $"pipeline '{pipelineId}': each of '{key}' must be a component id");
            if (result.Any(r => r.Id == id))
                throw Error(item, $"pipeline '{pipelineId}': '{id}' is listed twice in '{key}'");
            result.Add(new ComponentReference(id, Line(item)));
        }
        return result;
    }

    private static void CheckId(YamlNode node, string id, string section)
    {
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        if (id.Length == 0 || slash == 0 || slash == id.Length - 1)
            throw Error(node, $"{section}: '{id}' is not a valid id (type or type/name)");
    }

    private static string ScalarKey(YamlNode node, string where) =>
        node is YamlScalarNode { Value: { } v } ? v : throw Error(node, $"{where}: keys must be plain names");

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static bool IsEmpty(YamlNode node) =>
        node is YamlScalarNode { Value: null or "" or "~" or "null", Style: not (ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted) };

    private static int Line(YamlNode node) => (int)node.Start.Line;

    private static PipelineConfigException Error(YamlNode node, string message) => new(message, Line(node));
}
