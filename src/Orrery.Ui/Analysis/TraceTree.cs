using System.Runtime.CompilerServices;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Ui.Analysis;

/// <summary>
/// One trace's spans as a tree in flat arrays: parent index, children in compressed rows
/// (<see cref="ChildrenOf"/>, latest end first), and the main root the critical path starts from.
/// Spans whose parent is absent are roots; spans caught in a parent cycle (malformed input) are
/// made roots too, so every span is reachable exactly once and no walk can loop.
/// </summary>
public sealed class TraceTree
{
    private readonly int[] _childStart;
    private readonly int[] _children;

    public int Count { get; }
    public SpanId[] Ids { get; }
    public int[] Parent { get; }
    public long[] Start { get; }
    public long[] End { get; }
    public string[] Service { get; }
    public string[] Name { get; }
    public bool[] Error { get; }

    /// <summary>The root the critical path is walked from: the longest root (earliest start on a tie); -1 when empty.</summary>
    public int MainRoot { get; }

    /// <summary>Every span without a parent in this trace, in input order.</summary>
    public IReadOnlyList<int> Roots { get; }

    public ReadOnlySpan<int> ChildrenOf(int span) => _children.AsSpan(_childStart[span], _childStart[span + 1] - _childStart[span]);

    public long Duration(int span) => End[span] - Start[span];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public TraceTree(IReadOnlyList<AnalysisSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var n = spans.Count;
        Count = n;
        Ids = new SpanId[n];
        Parent = new int[n];
        Start = new long[n];
        End = new long[n];
        Service = new string[n];
        Name = new string[n];
        Error = new bool[n];
        var index = new Dictionary<SpanId, int>(n);
        for (var i = 0; i < n; i++)
        {
            var s = spans[i];
            Ids[i] = s.Id;
            Start[i] = s.StartUnixNano;
            // A span that ends before it starts (a broken clock) is treated as instantaneous.
            End[i] = Math.Max(s.StartUnixNano, s.EndUnixNano);
            Service[i] = s.Service;
            Name[i] = s.Name;
            Error[i] = s.Error;
            index.TryAdd(s.Id, i);
        }
        for (var i = 0; i < n; i++)
            Parent[i] = !spans[i].Parent.IsEmpty && index.TryGetValue(spans[i].Parent, out var p) && p != i ? p : -1;

        BreakCycles();
        (_childStart, _children) = BuildChildren();
        var roots = new List<int>();
        var main = -1;
        for (var i = 0; i < n; i++)
        {
            if (Parent[i] >= 0) continue;
            roots.Add(i);
            if (main < 0 || Duration(i) > Duration(main) || (Duration(i) == Duration(main) && Start[i] < Start[main])) main = i;
        }
        Roots = roots;
        MainRoot = main;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TraceTree From(SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // Services and names repeat on almost every span: one string each, not one per span.
        using var names = new Utf8StringTable();
        var spans = new AnalysisSpan[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            ref var row = ref batch.Spans[i];
            var service = names.Intern(batch.ServiceName(i));
            var name = names.Intern(batch.Utf8(row.Name));
            spans[i] = new AnalysisSpan(row.SpanId, row.ParentSpanId, row.StartUnixNano, row.EndUnixNano, service, name, row.StatusCode == StatusCode.Error);
        }
        return new TraceTree(spans);
    }

    /// <summary>Follows parent links from every span; a span met twice on one walk closes a cycle and loses its parent.</summary>
    private void BreakCycles()
    {
        // 0 = unvisited, 1 = on the current walk, 2 = known to reach a root.
        var state = new byte[Count];
        var walk = new List<int>();
        for (var i = 0; i < Count; i++)
        {
            walk.Clear();
            var s = i;
            while (s >= 0 && state[s] == 0)
            {
                state[s] = 1;
                walk.Add(s);
                s = Parent[s];
            }
            if (s >= 0 && state[s] == 1) Parent[s] = -1;
            foreach (var w in walk) state[w] = 2;
        }
    }

    private (int[] Start, int[] Children) BuildChildren()
    {
        var start = new int[Count + 1];
        for (var i = 0; i < Count; i++)
            if (Parent[i] >= 0) start[Parent[i] + 1]++;
        for (var i = 0; i < Count; i++) start[i + 1] += start[i];
        var fill = (int[])start.Clone();
        var children = new int[start[Count]];
        for (var i = 0; i < Count; i++)
            if (Parent[i] >= 0) children[fill[Parent[i]]++] = i;
        var ends = End;
        var starts = Start;
        for (var p = 0; p < Count; p++)
        {
            // Latest end first, the order the critical-path walk consumes them in.
            children.AsSpan(start[p], start[p + 1] - start[p]).Sort((a, b) =>
                ends[a] != ends[b] ? ends[b].CompareTo(ends[a]) : starts[a] != starts[b] ? starts[b].CompareTo(starts[a]) : a.CompareTo(b));
        }
        return (start, children);
    }
}
