using Orrery.Signals.Labels;

namespace Orrery.Receive.Scrape.Relabel;

/// <summary>
/// A mutable label set for relabeling and target population: a handful of labels, so a list
/// searched linearly beats a dictionary. Setting an empty value removes the label, as in Prometheus.
/// </summary>
public sealed class LabelBuilder
{
    private readonly List<Label> _labels = new(16);

    public LabelBuilder() { }

    public LabelBuilder(IEnumerable<Label> labels) => Reset(labels);

    public int Count => _labels.Count;

    public IReadOnlyList<Label> Items => _labels;

    public void Reset(IEnumerable<Label> labels)
    {
        _labels.Clear();
        foreach (var label in labels) Set(label.Name, label.Value);
    }

    public void Clear() => _labels.Clear();

    /// <summary>The value, or "" when absent.</summary>
    public string Get(string name)
    {
        var i = IndexOf(name);
        return i < 0 ? "" : _labels[i].Value;
    }

    public bool Has(string name) => IndexOf(name) >= 0;

    public void Set(string name, string value)
    {
        var i = IndexOf(name);
        if (value.Length == 0)
        {
            if (i >= 0) _labels.RemoveAt(i);
            return;
        }
        if (i >= 0) _labels[i] = new Label(name, value);
        else _labels.Add(new Label(name, value));
    }

    public void Delete(string name)
    {
        var i = IndexOf(name);
        if (i >= 0) _labels.RemoveAt(i);
    }

    public void RemoveWhere(Predicate<Label> match) => _labels.RemoveAll(match);

    public LabelSet ToLabelSet() => LabelSet.From(_labels);

    public Dictionary<string, string> ToDictionary()
    {
        var map = new Dictionary<string, string>(_labels.Count, StringComparer.Ordinal);
        foreach (var label in _labels) map[label.Name] = label.Value;
        return map;
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _labels.Count; i++)
        {
            if (string.Equals(_labels[i].Name, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}
