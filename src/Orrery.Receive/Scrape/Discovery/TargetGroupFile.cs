using Orrery.Receive.Scrape.Config;
using Orrery.Receive.Scrape.Exposition;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Orrery.Receive.Scrape.Discovery;

/// <summary>
/// Reads a file_sd file: a list of <c>{targets: […], labels: {…}}</c> in JSON or YAML (the YAML
/// reader takes the JSON too). Each group also gets <c>__meta_filepath</c>, as in Prometheus.
/// </summary>
public static class TargetGroupFile
{
    public const string FilePathLabel = "__meta_filepath";

    /// <exception cref="ScrapeConfigException">The file is not a valid list of target groups; the field names the file.</exception>
    public static IReadOnlyList<TargetGroup> Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ScrapeConfigException(path, e.Message, (int)e.Start.Line);
        }
        if (stream.Documents.Count == 0 || YamlFields.IsNull(stream.Documents[0].RootNode)) return [];
        if (stream.Documents[0].RootNode is not YamlSequenceNode list)
            throw YamlFields.Error(path, "expected a list of target groups", stream.Documents[0].RootNode);
        var groups = new List<TargetGroup>(list.Children.Count);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var f = new YamlFields(list.Children[i], $"{path}[{i}]");
            f.RejectUnknown(["targets", "labels"]);
            var labels = new Dictionary<string, string>(f.StringMap("labels"), StringComparer.Ordinal);
            foreach (var name in labels.Keys)
            {
                if (!ExpositionTokens.IsValidLabelName(name)) throw new ScrapeConfigException($"{f.Path}.labels.{name}", $"\"{name}\" is not a valid label name");
            }
            labels[FilePathLabel] = path;
            groups.Add(new TargetGroup(f.StringList("targets"), labels, $"{path}:{i}"));
        }
        return groups;
    }
}
