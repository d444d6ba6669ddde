using System.Text;

namespace Orrery.Signals.Labels;

/// <summary>
/// An immutable label set sorted by name (ordinal): the identity of a metric series or a log
/// stream on the read side, where the query engines group, compare and print them. Equality and
/// ordering follow Prometheus's <c>labels.Labels</c>.
/// </summary>
public sealed class LabelSet : IEquatable<LabelSet>, IComparable<LabelSet>
{
    public const string MetricName = "__name__";

    private readonly Label[] _labels;
    private readonly int _hash;

    public static LabelSet Empty { get; } = new([]);

    private LabelSet(Label[] sortedUnique)
    {
        _labels = sortedUnique;
        var hash = new HashCode();
        foreach (var label in _labels)
        {
            hash.Add(label.Name, StringComparer.Ordinal);
            hash.Add(label.Value, StringComparer.Ordinal);
        }
        _hash = hash.ToHashCode();
    }

    /// <summary>Builds a set from labels in any order; empty values are dropped; a later duplicate name wins.</summary>
    public static LabelSet From(IEnumerable<Label> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var byName = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            if (label.Value.Length == 0) byName.Remove(label.Name);
            else byName[label.Name] = label.Value;
        }
        return FromSorted(byName.Select(p => new Label(p.Key, p.Value)).ToArray());
    }

    public static LabelSet From(params (string Name, string Value)[] labels) =>
        From(labels.Select(l => new Label(l.Name, l.Value)));

    /// <summary>Wraps labels already sorted by name with unique names and non-empty values (as the stores keep them).</summary>
    public static LabelSet FromSorted(Label[] sortedUnique)
    {
        ArgumentNullException.ThrowIfNull(sortedUnique);
        for (var i = 1; i < sortedUnique.Length; i++)
        {
            if (string.CompareOrdinal(sortedUnique[i - 1].Name, sortedUnique[i].Name) >= 0)
                throw new ArgumentException("labels must be sorted by name and unique", nameof(sortedUnique));
        }
        return new LabelSet(sortedUnique);
    }

    public int Count => _labels.Length;

    public Label this[int index] => _labels[index];

    public ReadOnlySpan<Label> AsSpan() => _labels;

    /// <summary>The value of a label, or "" when absent (Prometheus's convention).</summary>
    public string Get(string name)
    {
        var i = IndexOf(name);
        return i >= 0 ? _labels[i].Value : string.Empty;
    }

    public bool Has(string name) => IndexOf(name) >= 0;

    /// <summary>The metric name (<c>__name__</c>), or "".</summary>
    public string Name => Get(MetricName);

    public int IndexOf(string name)
    {
        int lo = 0, hi = _labels.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(_labels[mid].Name, name);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>True when every matcher matches (a missing label counts as "").</summary>
    public bool Matches(IReadOnlyList<LabelMatcher> matchers)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        foreach (var m in matchers)
        {
            if (!m.Matches(Get(m.Name))) return false;
        }
        return true;
    }

    public bool Equals(LabelSet? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other._hash != _hash || other._labels.Length != _labels.Length) return false;
        for (var i = 0; i < _labels.Length; i++)
        {
            if (!string.Equals(_labels[i].Name, other._labels[i].Name, StringComparison.Ordinal)
                || !string.Equals(_labels[i].Value, other._labels[i].Value, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => _hash;

    /// <summary>Prometheus's order: label by label, name then value, a prefix first.</summary>
    public int CompareTo(LabelSet? other)
    {
        if (other is null) return 1;
        var n = Math.Min(_labels.Length, other._labels.Length);
        for (var i = 0; i < n; i++)
        {
            var c = string.CompareOrdinal(_labels[i].Name, other._labels[i].Name);
            if (c != 0) return c;
            c = string.CompareOrdinal(_labels[i].Value, other._labels[i].Value);
            if (c != 0) return c;
        }
        return _labels.Length.CompareTo(other._labels.Length);
    }

    /// <summary>As Prometheus prints a label set: <c>{a="1", b="2"}</c>.</summary>
    public override string ToString()
    {
        var s = new StringBuilder("{");
        for (var i = 0; i < _labels.Length; i++)
        {
            if (i > 0) s.Append(", ");
            s.Append(new LabelMatcher(MatchType.Equal, _labels[i].Name, _labels[i].Value));
        }
        return s.Append('}').ToString();
    }
}
