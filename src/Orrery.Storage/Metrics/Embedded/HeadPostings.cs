using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Orrery.Signals.Labels;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// The head's inverted index: label name → label value → sorted series ids, by symbol id, plus
/// the list of every series. Not thread-safe: the tenant head guards it with its index lock.
/// </summary>
internal sealed class HeadPostings
{
    private readonly Dictionary<int, Dictionary<int, PostingList>> _byName = new();
    private PostingList _all;

    public int SeriesCount => _all.Count;

    public IReadOnlyDictionary<int, Dictionary<int, PostingList>> ByName => _byName;

    public void Add(int id, int[] labelPairs)
    {
        _all.Add(id);
        for (var i = 0; i < labelPairs.Length; i += 2)
        {
            if (!_byName.TryGetValue(labelPairs[i], out var values)) _byName[labelPairs[i]] = values = new Dictionary<int, PostingList>();
            CollectionsMarshal.GetValueRefOrAddDefault(values, labelPairs[i + 1], out _).Add(id);
        }
    }

    /// <summary>Removes series (garbage-collected after a cut); labels that lose their last series disappear.</summary>
    public void Remove(IReadOnlyCollection<HeadSeries> series)
    {
        if (series.Count == 0) return;
        var ids = new HashSet<int>(series.Select(s => s.Id));
        var touched = new HashSet<(int, int)>();
        foreach (var s in series)
        {
            for (var i = 0; i < s.Labels.Length; i += 2) touched.Add((s.Labels[i], s.Labels[i + 1]));
        }
        _all.RemoveAll(ids);
        foreach (var (name, value) in touched)
        {
            if (!_byName.TryGetValue(name, out var values)) continue;
            ref var list = ref CollectionsMarshal.GetValueRefOrNullRef(values, value);
            if (Unsafe.IsNullRef(ref list)) continue;
            list.RemoveAll(ids);
            if (list.Count > 0) continue;
            values.Remove(value);
            if (values.Count == 0) _byName.Remove(name);
        }
    }

    /// <summary>
    /// Ids of series matching every matcher, sorted, with Prometheus semantics: a matcher that
    /// matches "" also selects series without the label, so it is applied as "remove series
    /// whose value does not match" instead of "keep series whose value matches".
    /// </summary>
    public int[] Match(IReadOnlyList<LabelMatcher> matchers, SymbolTable symbols)
    {
        var include = new List<int[]>();
        var exclude = new List<int[]>();
        foreach (var m in matchers)
        {
            var nameId = symbols.Find(m.Name);
            var values = nameId >= 0 && _byName.TryGetValue(nameId, out var v) ? v : null;
            if (m.MatchesEmpty)
            {
                if (values is null) continue;
                var drop = Collect(values, symbols, value => !m.Matches(value));
                if (drop.Length > 0) exclude.Add(drop);
                continue;
            }
            if (values is null) return [];
            int[] keep;
            if (m.Type == Orrery.Signals.Labels.MatchType.Equal)
            {
                var valueId = symbols.Find(m.Value);
                keep = valueId >= 0 && values.TryGetValue(valueId, out var list) ? list.ToArray() : [];
            }
            else
            {
                keep = Collect(values, symbols, m.Matches);
            }
            if (keep.Length == 0) return [];
            include.Add(keep);
        }
        var result = include.Count switch
        {
            0 => _all.ToArray(),
            1 => include[0],
            _ => Postings.Intersect(include),
        };
        foreach (var drop in exclude)
        {
            if (result.Length == 0) break;
            result = Postings.Subtract(result, drop);
        }
        return result;
    }

    private static int[] Collect(Dictionary<int, PostingList> values, SymbolTable symbols, Func<string, bool> predicate)
    {
        List<int[]>? lists = null;
        foreach (var (valueId, list) in values)
        {
            if (!predicate(symbols[valueId])) continue;
            (lists ??= new List<int[]>()).Add(list.ToArray());
        }
        return lists switch
        {
            null => [],
            [var only] => only,
            _ => Postings.Union(lists),
        };
    }
}
