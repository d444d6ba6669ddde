using System.Runtime.CompilerServices;
using Orrery.Signals.Labels;

namespace Orrery.Query.PromQL.Functions;

/// <summary>Small label-set edits the functions need (Prometheus's <c>labels.Builder</c> Set/Del).</summary>
public static class LabelEdits
{
    // Instant functions run once per step on the same series: remember each set's name-less
    // twin so a range query builds it once, not once per step.
    private static readonly ConditionalWeakTable<LabelSet, LabelSet> s_withoutName = new();

    /// <summary>The set without <c>__name__</c> (the same instance when it has none).</summary>
    public static LabelSet DropMetricName(LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!labels.Has(LabelSet.MetricName)) return labels;
        return s_withoutName.GetValue(labels, static l => Without(l, LabelSet.MetricName));
    }

    /// <summary>The set without <paramref name="name"/> (the same instance when it is absent).</summary>
    public static LabelSet Without(LabelSet labels, string name)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var index = labels.IndexOf(name);
        if (index < 0) return labels;
        var span = labels.AsSpan();
        var kept = new Label[span.Length - 1];
        span[..index].CopyTo(kept);
        span[(index + 1)..].CopyTo(kept.AsSpan(index));
        return LabelSet.FromSorted(kept);
    }

    /// <summary>The set with <paramref name="name"/> set to <paramref name="value"/>; an empty value deletes it.</summary>
    public static LabelSet With(LabelSet labels, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (value.Length == 0) return Without(labels, name);
        var span = labels.AsSpan();
        var index = labels.IndexOf(name);
        if (index >= 0)
        {
            if (string.Equals(span[index].Value, value, StringComparison.Ordinal)) return labels;
            var replaced = span.ToArray();
            replaced[index] = new Label(name, value);
            return LabelSet.FromSorted(replaced);
        }
        var insertAt = 0;
        while (insertAt < span.Length && string.CompareOrdinal(span[insertAt].Name, name) < 0) insertAt++;
        var added = new Label[span.Length + 1];
        span[..insertAt].CopyTo(added);
        added[insertAt] = new Label(name, value);
        span[insertAt..].CopyTo(added.AsSpan(insertAt + 1));
        return LabelSet.FromSorted(added);
    }

    /// <summary>Prometheus's <c>model.LabelNameRE</c>: <c>^[a-zA-Z_][a-zA-Z0-9_]*$</c>.</summary>
    public static bool IsValidLabelName(string name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (i > 0 && c is >= '0' and <= '9');
            if (!ok) return false;
        }
        return true;
    }
}
