using System.Runtime.InteropServices;
using Orrery.Query.LogQL.Pipeline;
using Orrery.Query.LogQL.Syntax;
using Orrery.Signals.Labels;

namespace Orrery.Query.LogQL.Engine;

/// <summary>
/// Turns a line's labels (all, or reduced by a grouping) into a <see cref="LabelSet"/> without
/// allocating when the set was seen before: the labels are written as a canonical key into a
/// reused buffer and looked up by span. A metric query over millions of lines builds one set
/// per distinct series, not one per line.
/// </summary>
internal sealed class SeriesLabelCache(Grouping? grouping)
{
    // Series beyond this many are still correct, just no longer cached (bounded memory).
    private const int MaxCached = 100_000;
    private readonly Dictionary<string, LabelSet> _sets = new(StringComparer.Ordinal);
    private readonly List<int> _order = new(32);
    private readonly string[]? _byNames = grouping is { Without: false } ? grouping.Labels.Distinct().Order(StringComparer.Ordinal).ToArray() : null;
    private char[] _key = new char[256];
    private int _length;

    public LabelSet Get(LogLine line)
    {
        if (grouping is null && line.LabelsAreStream()) return line.StreamLabels;
        SelectLabels(line);
        _length = 0;
        foreach (var i in CollectionsMarshal.AsSpan(_order))
        {
            var (name, value, _) = line.LabelAt(i);
            Append(name);
            Append("\u0001");
            Append(value);
            Append("\u0002");
        }
        var lookup = _sets.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(_key.AsSpan(0, _length), out var set)) return set;
        var labels = new Label[_order.Count];
        for (var k = 0; k < labels.Length; k++)
        {
            var (name, value, _) = line.LabelAt(_order[k]);
            labels[k] = new Label(name, value);
        }
        set = LabelSet.FromSorted(labels);
        if (_sets.Count < MaxCached) _sets.Add(new string(_key, 0, _length), set);
        return set;
    }

    /// <summary>Indexes of the labels that make the series, sorted by name. The error label always stays so a pipeline error is reported, not grouped away.</summary>
    private void SelectLabels(LogLine line)
    {
        _order.Clear();
        if (_byNames is not null)
        {
            var error = -1;
            foreach (var name in _byNames)
            {
                var i = line.IndexOf(name);
                if (i >= 0) _order.Add(i);
            }
            if (Array.BinarySearch(_byNames, LogLine.ErrorLabel, StringComparer.Ordinal) < 0) error = line.IndexOf(LogLine.ErrorLabel);
            if (error >= 0) InsertSorted(line, error);
            return;
        }
        for (var i = 0; i < line.LabelCount; i++)
        {
            var name = line.LabelAt(i).Name;
            if (grouping is not null && grouping.Labels.Contains(name) && name != LogLine.ErrorLabel) continue;
            InsertSorted(line, i);
        }
    }

    private void InsertSorted(LogLine line, int index)
    {
        var name = line.LabelAt(index).Name;
        var at = _order.Count;
        while (at > 0 && string.CompareOrdinal(line.LabelAt(_order[at - 1]).Name, name) > 0) at--;
        _order.Insert(at, index);
    }

    private void Append(string text)
    {
        if (_length + text.Length > _key.Length) Array.Resize(ref _key, Math.Max(_key.Length * 2, _length + text.Length));
        text.CopyTo(0, _key, _length, text.Length);
        _length += text.Length;
    }
}
