using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orrery.Receive.Scrape.Relabel;

/// <summary>Applies relabel rules in order, as Prometheus's <c>relabel.Process</c> does.</summary>
public static class Relabeler
{
    /// <summary>Rewrites <paramref name="labels"/> in place; false when a rule dropped the set.</summary>
    public static bool Process(IReadOnlyList<RelabelConfig> rules, LabelBuilder labels)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var rule in rules)
        {
            if (!Apply(rule, labels)) return false;
        }
        return true;
    }

    private static bool Apply(RelabelConfig rule, LabelBuilder labels)
    {
        var value = SourceValue(rule, labels);
        switch (rule.Action)
        {
            case RelabelAction.Keep:
                return rule.Regex.IsMatch(value);
            case RelabelAction.Drop:
                return !rule.Regex.IsMatch(value);
            case RelabelAction.KeepEqual:
                return labels.Get(rule.TargetLabel) == value;
            case RelabelAction.DropEqual:
                return labels.Get(rule.TargetLabel) != value;
            case RelabelAction.Replace:
                Replace(rule, labels, value);
                return true;
            case RelabelAction.Lowercase:
                labels.Set(rule.TargetLabel, value.ToLowerInvariant());
                return true;
            case RelabelAction.Uppercase:
                labels.Set(rule.TargetLabel, value.ToUpperInvariant());
                return true;
            case RelabelAction.HashMod:
                labels.Set(rule.TargetLabel, (Sum64(value) % rule.Modulus).ToString(CultureInfo.InvariantCulture));
                return true;
            case RelabelAction.LabelMap:
                foreach (var label in labels.Items.ToArray())
                {
                    var match = rule.Regex.Match(label.Name);
                    if (match.Success) labels.Set(rule.Regex.Expand(rule.Replacement, match), label.Value);
                }
                return true;
            case RelabelAction.LabelDrop:
                labels.RemoveWhere(l => rule.Regex.IsMatch(l.Name));
                return true;
            case RelabelAction.LabelKeep:
                labels.RemoveWhere(l => !rule.Regex.IsMatch(l.Name));
                return true;
            default:
                throw new InvalidOperationException($"unknown relabel action {rule.Action}");
        }
    }

    private static string SourceValue(RelabelConfig rule, LabelBuilder labels)
    {
        var sources = rule.SourceLabels;
        if (sources.Count == 0) return "";
        if (sources.Count == 1) return labels.Get(sources[0]);
        var s = new StringBuilder();
        for (var i = 0; i < sources.Count; i++)
        {
            if (i > 0) s.Append(rule.Separator);
            s.Append(labels.Get(sources[i]));
        }
        return s.ToString();
    }

    private static void Replace(RelabelConfig rule, LabelBuilder labels, string value)
    {
        var match = rule.Regex.Match(value);
        // No match, no replacement.
        if (!match.Success) return;
        var target = rule.Regex.Expand(rule.TargetLabel, match);
        if (!Exposition.ExpositionTokens.IsValidLabelName(target))
        {
            labels.Delete(rule.TargetLabel);
            return;
        }
        labels.Set(target, rule.Regex.Expand(rule.Replacement, match));
    }

    /// <summary>Prometheus's hashmod: the low 8 bytes of the MD5 of the value, big-endian.</summary>
    private static ulong Sum64(string value)
    {
        Span<byte> hash = stackalloc byte[16];
        MD5.HashData(Encoding.UTF8.GetBytes(value), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash[8..]);
    }
}
