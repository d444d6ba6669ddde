using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Query.TraceQL.Engine;

/// <summary>
/// The spanset operators over two sets of spans of one trace (local indices). With <c>L op R</c>:
/// <c>&gt;</c> gives the R spans whose parent is in L, <c>&gt;&gt;</c> those with an ancestor in L,
/// <c>&lt;</c> those that are the parent of an L span, <c>&lt;&lt;</c> an ancestor of one, <c>~</c> a
/// sibling of one (same parent, not itself). The <c>!</c> forms give the R spans for which the
/// relation does not hold (a root has no parent, so <c>{a} !&gt; {b}</c> keeps root b spans); the
/// <c>&amp;</c> forms give both sides' spans that take part in the relation. <c>&amp;&amp;</c> is the
/// union when both sides are non-empty, <c>||</c> the union.
/// </summary>
internal static class StructuralOperators
{
    public static List<int> Apply(SpansetOp op, TraceView trace, List<int> left, List<int> right)
    {
        var result = new List<int>();
        switch (op)
        {
            case SpansetOp.And:
                if (left.Count > 0 && right.Count > 0) Union(left, right, result);
                return result;
            case SpansetOp.Union:
                Union(left, right, result);
                return result;
        }

        var inLeft = Mark(trace, left);
        var inRight = Mark(trace, right);
        switch (op)
        {
            case SpansetOp.Child:
            case SpansetOp.NotChild:
                foreach (var r in right)
                {
                    var p = trace.Parent[r];
                    if ((p >= 0 && inLeft[p]) == (op == SpansetOp.Child)) result.Add(r);
                }
                return result;
            case SpansetOp.Descendant:
            case SpansetOp.NotDescendant:
                foreach (var r in right)
                {
                    if (HasAncestorIn(trace, r, inLeft) == (op == SpansetOp.Descendant)) result.Add(r);
                }
                return result;
            case SpansetOp.Parent:
            case SpansetOp.NotParent:
                {
                    var parentOfLeft = ParentsOf(trace, left);
                    foreach (var r in right)
                    {
                        if (parentOfLeft[r] == (op == SpansetOp.Parent)) result.Add(r);
                    }
                    return result;
                }
            case SpansetOp.Ancestor:
            case SpansetOp.NotAncestor:
                {
                    var ancestorOfLeft = AncestorsOf(trace, left);
                    foreach (var r in right)
                    {
                        if (ancestorOfLeft[r] == (op == SpansetOp.Ancestor)) result.Add(r);
                    }
                    return result;
                }
            case SpansetOp.Sibling:
            case SpansetOp.NotSibling:
                {
                    var leftChildren = ChildrenCount(trace, left);
                    foreach (var r in right)
                    {
                        if (HasSiblingIn(trace, r, leftChildren, inLeft) == (op == SpansetOp.Sibling)) result.Add(r);
                    }
                    return result;
                }
            case SpansetOp.UnionChild:
                {
                    var parentOfRight = ParentsOf(trace, right);
                    foreach (var l in left) if (parentOfRight[l]) result.Add(l);
                    foreach (var r in right) if (trace.Parent[r] >= 0 && inLeft[trace.Parent[r]]) result.Add(r);
                    return Normalize(result);
                }
            case SpansetOp.UnionParent:
                {
                    var parentOfLeft = ParentsOf(trace, left);
                    foreach (var l in left) if (trace.Parent[l] >= 0 && inRight[trace.Parent[l]]) result.Add(l);
                    foreach (var r in right) if (parentOfLeft[r]) result.Add(r);
                    return Normalize(result);
                }
            case SpansetOp.UnionDescendant:
                {
                    var ancestorOfRight = AncestorsOf(trace, right);
                    foreach (var l in left) if (ancestorOfRight[l]) result.Add(l);
                    foreach (var r in right) if (HasAncestorIn(trace, r, inLeft)) result.Add(r);
                    return Normalize(result);
                }
            case SpansetOp.UnionAncestor:
                {
                    var ancestorOfLeft = AncestorsOf(trace, left);
                    foreach (var l in left) if (HasAncestorIn(trace, l, inRight)) result.Add(l);
                    foreach (var r in right) if (ancestorOfLeft[r]) result.Add(r);
                    return Normalize(result);
                }
            case SpansetOp.UnionSibling:
                {
                    var leftChildren = ChildrenCount(trace, left);
                    var rightChildren = ChildrenCount(trace, right);
                    foreach (var l in left) if (HasSiblingIn(trace, l, rightChildren, inRight)) result.Add(l);
                    foreach (var r in right) if (HasSiblingIn(trace, r, leftChildren, inLeft)) result.Add(r);
                    return Normalize(result);
                }
            default:
                throw new NotSupportedException($"spanset operator {op}");
        }
    }

    /// <summary>Sorted union of two sorted lists without duplicates.</summary>
    public static void Union(List<int> a, List<int> b, List<int> result)
    {
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            if (j >= b.Count || (i < a.Count && a[i] < b[j])) result.Add(a[i++]);
            else if (i >= a.Count || b[j] < a[i]) result.Add(b[j++]);
            else
            {
                result.Add(a[i++]);
                j++;
            }
        }
    }

    private static List<int> Normalize(List<int> list)
    {
        list.Sort();
        var w = 0;
        for (var i = 0; i < list.Count; i++)
        {
            if (i == 0 || list[i] != list[i - 1]) list[w++] = list[i];
        }
        list.RemoveRange(w, list.Count - w);
        return list;
    }

    private static bool[] Mark(TraceView trace, List<int> spans)
    {
        var marks = new bool[trace.Count];
        foreach (var s in spans) marks[s] = true;
        return marks;
    }

    private static bool[] ParentsOf(TraceView trace, List<int> spans)
    {
        var marks = new bool[trace.Count];
        foreach (var s in spans)
        {
            if (trace.Parent[s] >= 0) marks[trace.Parent[s]] = true;
        }
        return marks;
    }

    private static bool[] AncestorsOf(TraceView trace, List<int> spans)
    {
        var marks = new bool[trace.Count];
        foreach (var s in spans)
        {
            var p = trace.Parent[s];
            // Stop at an ancestor already marked: everything above it is marked too.
            for (var steps = 0; p >= 0 && !marks[p] && steps < trace.Count; steps++, p = trace.Parent[p]) marks[p] = true;
        }
        return marks;
    }

    private static bool HasAncestorIn(TraceView trace, int span, bool[] marks)
    {
        var p = trace.Parent[span];
        for (var steps = 0; p >= 0 && steps < trace.Count; steps++, p = trace.Parent[p])
        {
            if (marks[p]) return true;
        }
        return false;
    }

    /// <summary>How many of <paramref name="spans"/> each span is the parent of.</summary>
    private static int[] ChildrenCount(TraceView trace, List<int> spans)
    {
        var counts = new int[trace.Count];
        foreach (var s in spans)
        {
            if (trace.Parent[s] >= 0) counts[trace.Parent[s]]++;
        }
        return counts;
    }

    /// <summary>A sibling shares the span's parent and is not the span itself; roots have none.</summary>
    private static bool HasSiblingIn(TraceView trace, int span, int[] childrenOfOthers, bool[] isOther)
    {
        var parent = trace.Parent[span];
        return parent >= 0 && childrenOfOthers[parent] - (isOther[span] ? 1 : 0) > 0;
    }
}
