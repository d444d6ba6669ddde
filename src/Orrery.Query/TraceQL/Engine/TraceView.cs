using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Query.TraceQL.Engine;

/// <summary>
/// One whole trace as the evaluator sees it: its spans by local index (0..Count-1, in the order
/// given), the parent of each, child counts, the root, the trace's bounds and nested-set numbers.
/// Built once per trace; per-span work indexes its arrays.
/// </summary>
internal sealed class TraceView
{
    public SpanBatch Batch { get; }

    /// <summary>Batch rows by local index.</summary>
    public int[] Rows { get; }

    /// <summary>Local index of each span's parent; -1 for roots and spans whose parent is missing.</summary>
    public int[] Parent { get; }

    public int[] ChildCount { get; }

    /// <summary>Local index of the root span (no parent id), or -1 when it has not arrived.</summary>
    public int Root { get; }

    public long StartUnixNano { get; }

    public long EndUnixNano { get; }

    private int[]? _left;
    private int[]? _right;

    public int Count => Rows.Length;

    public TraceView(SpanBatch batch, ReadOnlySpan<int> rows)
    {
        Batch = batch;
        Rows = rows.ToArray();
        Parent = new int[Rows.Length];
        ChildCount = new int[Rows.Length];
        Root = -1;
        var byId = new Dictionary<SpanId, int>(Rows.Length);
        long start = long.MaxValue, end = long.MinValue;
        for (var i = 0; i < Rows.Length; i++)
        {
            ref var span = ref batch.Spans[Rows[i]];
            byId.TryAdd(span.SpanId, i);
            start = Math.Min(start, span.StartUnixNano);
            end = Math.Max(end, span.EndUnixNano);
            if (span.ParentSpanId.IsEmpty && Root < 0) Root = i;
        }
        for (var i = 0; i < Rows.Length; i++)
        {
            ref var span = ref batch.Spans[Rows[i]];
            Parent[i] = !span.ParentSpanId.IsEmpty && byId.TryGetValue(span.ParentSpanId, out var p) && p != i ? p : -1;
            if (Parent[i] >= 0) ChildCount[Parent[i]]++;
        }
        StartUnixNano = Rows.Length == 0 ? 0 : start;
        EndUnixNano = Rows.Length == 0 ? 0 : end;
    }

    public bool IsAncestor(int ancestor, int span)
    {
        // Bounded by Count so that a parent cycle in bad data cannot loop forever.
        var p = Parent[span];
        for (var steps = 0; p >= 0 && steps < Rows.Length; steps++, p = Parent[p])
        {
            if (p == ancestor) return true;
        }
        return false;
    }

    public int NestedSetLeft(int span)
    {
        EnsureNestedSet();
        return _left![span];
    }

    public int NestedSetRight(int span)
    {
        EnsureNestedSet();
        return _right![span];
    }

    /// <summary>The parent's left number; -1 for a root (Tempo's convention), 0 when the parent is missing.</summary>
    public int NestedSetParent(int span)
    {
        EnsureNestedSet();
        var parent = Parent[span];
        if (parent >= 0) return _left![parent];
        return Batch.Spans[Rows[span]].ParentSpanId.IsEmpty ? -1 : 0;
    }

    /// <summary>
    /// Numbers the spans depth first from each root (roots by start time), children by start time
    /// then span id, starting at 1: a span's descendants are exactly those with left numbers
    /// between its left and right. Spans whose parent is missing get 0 (not in the tree).
    /// </summary>
    private void EnsureNestedSet()
    {
        if (_left is not null) return;
        var left = new int[Rows.Length];
        var right = new int[Rows.Length];
        var children = new List<int>[Rows.Length];
        var roots = new List<int>();
        for (var i = 0; i < Rows.Length; i++)
        {
            if (Parent[i] >= 0) (children[Parent[i]] ??= []).Add(i);
            else if (Batch.Spans[Rows[i]].ParentSpanId.IsEmpty) roots.Add(i);
        }
        Comparison<int> byStart = (a, b) =>
        {
            ref var sa = ref Batch.Spans[Rows[a]];
            ref var sb = ref Batch.Spans[Rows[b]];
            var c = sa.StartUnixNano.CompareTo(sb.StartUnixNano);
            return c != 0 ? c : sa.SpanId.CompareTo(sb.SpanId);
        };
        roots.Sort(byStart);
        var next = 1;
        var stack = new Stack<(int Span, int Child)>();
        foreach (var root in roots)
        {
            left[root] = next++;
            children[root]?.Sort(byStart);
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (span, child) = stack.Pop();
                var kids = children[span];
                if (kids is not null && child < kids.Count)
                {
                    stack.Push((span, child + 1));
                    var k = kids[child];
                    if (left[k] != 0) continue;
                    left[k] = next++;
                    children[k]?.Sort(byStart);
                    stack.Push((k, 0));
                }
                else
                {
                    right[span] = next++;
                }
            }
        }
        _right = right;
        _left = left;
    }
}

/// <summary>Where an expression is being evaluated: a span, and optionally one of its events or links.</summary>
internal readonly struct SpanContext(SpanBatch batch, TraceView? trace, int row, int local, int @event = -1, int link = -1)
{
    public readonly SpanBatch Batch = batch;
    public readonly TraceView? Trace = trace;
    public readonly int Row = row;
    public readonly int Local = local;
    public readonly int Event = @event;
    public readonly int Link = link;

    public SpanContext WithEvent(int e) => new(Batch, Trace, Row, Local, e, Link);

    public SpanContext WithLink(int l) => new(Batch, Trace, Row, Local, Event, l);
}
