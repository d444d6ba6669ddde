using Orrery.Signals.Labels;

namespace Orrery.Query.PromQL.Engine;

/// <summary>Label-set edits of the engine (computed once per series, never per step).</summary>
internal static class LabelOps
{
    public static LabelSet DropName(LabelSet labels)
    {
        var i = labels.IndexOf(LabelSet.MetricName);
        if (i < 0) return labels;
        var span = labels.AsSpan();
        var kept = new Label[span.Length - 1];
        span[..i].CopyTo(kept);
        span[(i + 1)..].CopyTo(kept.AsSpan(i));
        return LabelSet.FromSorted(kept);
    }

    /// <summary>Only the labels named in <paramref name="names"/> (Prometheus's <c>MatchLabels(true, …)</c>).</summary>
    public static LabelSet Keep(LabelSet labels, IReadOnlyList<string> names)
    {
        var span = labels.AsSpan();
        var kept = new List<Label>(Math.Min(span.Length, names.Count));
        foreach (var l in span)
        {
            if (Contains(names, l.Name)) kept.Add(l);
        }
        return kept.Count == span.Length ? labels : LabelSet.FromSorted([.. kept]);
    }

    /// <summary>All labels but those in <paramref name="names"/>, and without the metric name when <paramref name="dropName"/>.</summary>
    public static LabelSet Without(LabelSet labels, IReadOnlyList<string> names, bool dropName)
    {
        var span = labels.AsSpan();
        var kept = new List<Label>(span.Length);
        foreach (var l in span)
        {
            if (dropName && l.Name == LabelSet.MetricName) continue;
            if (!Contains(names, l.Name)) kept.Add(l);
        }
        return kept.Count == span.Length ? labels : LabelSet.FromSorted([.. kept]);
    }

    /// <summary>The vector-matching signature: <c>on</c> keeps the listed labels, <c>ignoring</c> drops them and the metric name.</summary>
    public static LabelSet Signature(LabelSet labels, bool on, IReadOnlyList<string> names) =>
        on ? Keep(labels, names) : Without(labels, names, dropName: true);

    /// <summary>Sets (or with an empty value removes) one label.</summary>
    public static LabelSet With(LabelSet labels, string name, string value)
    {
        var span = labels.AsSpan();
        var list = new List<Label>(span.Length + 1);
        var placed = false;
        foreach (var l in span)
        {
            var c = string.CompareOrdinal(l.Name, name);
            if (c == 0)
            {
                if (value.Length > 0) list.Add(new Label(name, value));
                placed = true;
                continue;
            }
            if (c > 0 && !placed)
            {
                if (value.Length > 0) list.Add(new Label(name, value));
                placed = true;
            }
            list.Add(l);
        }
        if (!placed && value.Length > 0) list.Add(new Label(name, value));
        return LabelSet.FromSorted([.. list]);
    }

    private static bool Contains(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name) return true;
        }
        return false;
    }
}
