namespace Orrery.Ui.Analysis;

/// <summary>Where a span sits in its trace, the identity two traces are matched by.</summary>
/// <param name="Path">Names of its ancestors from the root down, joined by " > ".</param>
/// <param name="Ordinal">Its number among spans with the same service, name and path, in start order.</param>
public sealed record SpanPlace(string Service, string Name, string Path, int Ordinal);

public sealed record DiffSpan(int Span, SpanPlace Place, long DurationNano);

public sealed record MatchedSpans(int SpanA, int SpanB, SpanPlace Place, long DurationANano, long DurationBNano)
{
    public long DeltaNano => DurationBNano - DurationANano;
}

/// <summary>The structural difference of trace B against trace A.</summary>
public sealed record TraceDiffResult(IReadOnlyList<DiffSpan> OnlyInA, IReadOnlyList<DiffSpan> OnlyInB, IReadOnlyList<MatchedSpans> Matched);

/// <summary>
/// Matches spans of two traces by (service, name, path of ancestors' names, ordinal): the same
/// call at the same place in the call tree, the n-th time it happened. Span ids never match across
/// traces, and timestamps differ, so position in the tree is the only stable identity. Matched
/// spans come with their duration difference, largest change first; unmatched spans are the
/// structural difference.
/// </summary>
public static class TraceDiff
{
    public static TraceDiffResult Compute(TraceTree a, TraceTree b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var placesA = Places(a);
        var placesB = Places(b);
        var byPlaceB = new Dictionary<SpanPlace, int>(placesB.Length);
        for (var i = 0; i < placesB.Length; i++) byPlaceB[placesB[i]] = i;

        var matchedB = new bool[b.Count];
        var onlyA = new List<DiffSpan>();
        var matched = new List<MatchedSpans>();
        for (var i = 0; i < placesA.Length; i++)
        {
            if (byPlaceB.TryGetValue(placesA[i], out var j))
            {
                matchedB[j] = true;
                matched.Add(new MatchedSpans(i, j, placesA[i], a.Duration(i), b.Duration(j)));
            }
            else
            {
                onlyA.Add(new DiffSpan(i, placesA[i], a.Duration(i)));
            }
        }
        var onlyB = new List<DiffSpan>();
        for (var j = 0; j < placesB.Length; j++)
            if (!matchedB[j]) onlyB.Add(new DiffSpan(j, placesB[j], b.Duration(j)));
        matched.Sort(static (x, y) => Math.Abs(y.DeltaNano).CompareTo(Math.Abs(x.DeltaNano)));
        return new TraceDiffResult(onlyA, onlyB, matched);
    }

    /// <summary>Each span's place. Parents are resolved before children (top-down order), so each path is built once from its parent's.</summary>
    public static SpanPlace[] Places(TraceTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var paths = new string[tree.Count];
        var order = TopDown(tree);
        foreach (var s in order)
        {
            var p = tree.Parent[s];
            paths[s] = p < 0 ? string.Empty : paths[p].Length == 0 ? tree.Name[p] : string.Concat(Tail(paths[p]), " > ", tree.Name[p]);
        }
        // Ordinals in start order (ties by span id, so the numbering does not depend on input order).
        var byStart = Enumerable.Range(0, tree.Count).OrderBy(s => tree.Start[s]).ThenBy(s => tree.Ids[s]).ToArray();
        var seen = new Dictionary<(string, string, string), int>();
        var places = new SpanPlace[tree.Count];
        foreach (var s in byStart)
        {
            var key = (tree.Service[s], tree.Name[s], paths[s]);
            seen.TryGetValue(key, out var ordinal);
            seen[key] = ordinal + 1;
            places[s] = new SpanPlace(tree.Service[s], tree.Name[s], paths[s], ordinal);
        }
        return places;
    }

    /// <summary>
    /// Paths of very deep chains keep only their last ancestors: a full path per span would cost
    /// depth² characters (a 10,000-deep chain, 10⁸), and spans that deep rarely differ only far up.
    /// </summary>
    private static string Tail(string path) => path.Length <= MaxPathChars ? path : string.Concat("…", path.AsSpan(path.Length - (MaxPathChars / 2)));

    private const int MaxPathChars = 2048;

    private static List<int> TopDown(TraceTree tree)
    {
        var order = new List<int>(tree.Count);
        foreach (var r in tree.Roots) order.Add(r);
        for (var i = 0; i < order.Count; i++)
            foreach (var c in tree.ChildrenOf(order[i])) order.Add(c);
        return order;
    }
}
