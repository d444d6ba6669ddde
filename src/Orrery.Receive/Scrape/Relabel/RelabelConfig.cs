using Orrery.Receive.Scrape.Config;
using Orrery.Receive.Scrape.Exposition;

namespace Orrery.Receive.Scrape.Relabel;

/// <summary>One rule of <c>relabel_configs</c> or <c>metric_relabel_configs</c>, with Prometheus's defaults.</summary>
public sealed class RelabelConfig
{
    public const string DefaultRegex = "(.*)";

    private static readonly System.Text.RegularExpressions.Regex TargetTemplate =
        new(@"^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public IReadOnlyList<string> SourceLabels { get; init; } = [];
    public string Separator { get; init; } = ";";
    public GoRegex Regex { get; init; } = GoRegex.Compile(DefaultRegex);
    public ulong Modulus { get; init; }
    public string TargetLabel { get; init; } = "";
    public string Replacement { get; init; } = "$1";
    public RelabelAction Action { get; init; } = RelabelAction.Replace;

    internal static RelabelConfig FromYaml(YamlFields f)
    {
        f.RejectUnknown(["source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action"]);
        var actionText = f.String("action");
        var action = actionText is null ? RelabelAction.Replace : ParseAction(actionText, f);
        var regexText = f.String("regex");
        GoRegex regex;
        try
        {
            regex = GoRegex.Compile(regexText ?? DefaultRegex);
        }
        catch (ArgumentException e)
        {
            throw YamlFields.Error(f.FieldPath("regex"), $"invalid regular expression: {e.Message}", f.Get("regex"));
        }
        var sourceLabels = f.StringList("source_labels");
        var config = new RelabelConfig
        {
            SourceLabels = sourceLabels,
            Separator = f.String("separator") ?? ";",
            Regex = regex,
            Modulus = f.UInt64("modulus") ?? 0,
            TargetLabel = f.String("target_label") ?? "",
            Replacement = f.String("replacement") ?? "$1",
            Action = action,
        };
        if (action is RelabelAction.LabelDrop or RelabelAction.LabelKeep
            && (f.Get("source_labels") is not null || f.Get("target_label") is not null || f.Get("modulus") is not null
                || f.Get("separator") is not null || f.Get("replacement") is not null))
        {
            throw new ScrapeConfigException(f.Path, $"{actionText} action requires only 'regex', and no other fields");
        }
        var error = config.Validate();
        if (error is not null) throw new ScrapeConfigException(f.Path, error);
        return config;
    }

    /// <summary>Prometheus's checks on a rule; null when valid.</summary>
    public string? Validate()
    {
        var name = Action.ToString().ToLowerInvariant();
        if (Action == RelabelAction.HashMod && Modulus == 0) return "relabel configuration for hashmod requires non-zero modulus";
        if (Action is RelabelAction.Replace or RelabelAction.HashMod or RelabelAction.Lowercase or RelabelAction.Uppercase
                or RelabelAction.KeepEqual or RelabelAction.DropEqual && TargetLabel.Length == 0)
            return $"relabel configuration for {name} action requires 'target_label' value";
        if (Action == RelabelAction.Replace && !TargetTemplate.IsMatch(TargetLabel))
            return $"\"{TargetLabel}\" is invalid 'target_label' for {name} action";
        if (Action is RelabelAction.HashMod or RelabelAction.Lowercase or RelabelAction.Uppercase or RelabelAction.KeepEqual or RelabelAction.DropEqual
            && !ExpositionTokens.IsValidLabelName(TargetLabel))
            return $"\"{TargetLabel}\" is invalid 'target_label' for {name} action";
        if (Action is RelabelAction.KeepEqual or RelabelAction.DropEqual && Regex.Pattern != DefaultRegex)
            return $"{name} action requires only 'source_labels' and 'target_label', and no other fields";
        return null;
    }

    private static RelabelAction ParseAction(string text, YamlFields f) => text.ToLowerInvariant() switch
    {
        "replace" => RelabelAction.Replace,
        "keep" => RelabelAction.Keep,
        "drop" => RelabelAction.Drop,
        "hashmod" => RelabelAction.HashMod,
        "labelmap" => RelabelAction.LabelMap,
        "labeldrop" => RelabelAction.LabelDrop,
        "labelkeep" => RelabelAction.LabelKeep,
        "lowercase" => RelabelAction.Lowercase,
        "uppercase" => RelabelAction.Uppercase,
        "keepequal" => RelabelAction.KeepEqual,
        "dropequal" => RelabelAction.DropEqual,
        _ => throw YamlFields.Error(f.FieldPath("action"), $"unknown relabel action \"{text}\"", f.Get("action")),
    };
}
