using System.Runtime.CompilerServices;
namespace Orrery.Ui.Analysis;

/// <summary>One stretch of the critical path: the span whose own work the trace waited on then.</summary>
public readonly record struct CriticalSegment(int Span, long StartUnixNano, long EndUnixNano)
{
    public long DurationNano => EndUnixNano - StartUnixNano;
}

/// <summary>The critical path of one trace: its segments in time order and each span's share.</summary>
public sealed class CriticalPathResult(IReadOnlyList<CriticalSegment> segments, long[] nanosBySpan)
{
    public IReadOnlyList<CriticalSegment> Segments { get; } = segments;

    /// <summary>Nanoseconds of the path spent in each span's own work (index = span).</summary>
    public long[] NanosBySpan { get; } = nanosBySpan;

    public long TotalNano => Segments.Sum(s => s.DurationNano);
}

/// <summary>
/// The critical path as Jaeger defines it: the chain of work the end of the trace waited on.
/// <list type="number">
/// <item>Start at the main root with the point <c>t</c> at its end.</item>
/// <item>Among the span's children, take the one that ended last at or before <c>t</c>. The time
/// between that child's end and <c>t</c> is the span's own (self) time on the path. Walk into the
/// child the same way, then continue in the parent with <c>t</c> at the child's start.</item>
/// <item>When no child ended before <c>t</c>, the rest back to the span's start is self time.</item>
/// </list>
/// Children are first clipped to their parent's window, which is how clock skew and asynchronous
/// work are handled: a child that starts before its parent or outlives it counts only for the part
/// inside the parent; a child entirely outside it (async fire-and-forget that starts after the
/// parent ended, the OpenTelemetry form of follows-from, or a child skewed wholly before it)
/// is not on the path at all, nor are its descendants. Children that overlap the chosen child
/// are passed over: the parent was not waiting on them at that moment.
/// The walk uses an explicit stack, so a 10,000-deep chain cannot overflow the thread's stack.
/// </summary>
public static class CriticalPath
{
    private struct Frame
    {
        public int Span;
        public long WindowStart;
        public long WindowEnd;
        public long T;
        public int Cursor;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CriticalPathResult Compute(TraceTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var nanos = new long[tree.Count];
        var segments = new List<CriticalSegment>();
        if (tree.MainRoot < 0) return new CriticalPathResult(segments, nanos);

        var root = tree.MainRoot;
        var stack = new Stack<Frame>();
        stack.Push(new Frame { Span = root, WindowStart = tree.Start[root], WindowEnd = tree.End[root], T = tree.End[root] });
        while (stack.Count > 0)
        {
            var f = stack.Pop();
            var children = tree.ChildrenOf(f.Span);
            var chosen = -1;
            long childStart = 0, childEnd = 0;
            while (f.Cursor < children.Length)
            {
                var c = children[f.Cursor++];
                var end = Math.Min(tree.End[c], f.WindowEnd);
                var start = Math.Max(tree.Start[c], f.WindowStart);
                // Children come latest end first, so once one ends after t the cursor moves on for good.
                if (end > f.T || end <= start) continue;
                chosen = c;
                childStart = start;
                childEnd = end;
                break;
            }
            if (chosen < 0)
            {
                Emit(segments, nanos, f.Span, f.WindowStart, f.T);
                continue;
            }
            Emit(segments, nanos, f.Span, childEnd, f.T);
            f.T = childStart;
            stack.Push(f);
            stack.Push(new Frame { Span = chosen, WindowStart = childStart, WindowEnd = childEnd, T = childEnd });
        }
        segments.Reverse();
        return new CriticalPathResult(segments, nanos);
    }

    private static void Emit(List<CriticalSegment> segments, long[] nanos, int span, long start, long end)
    {
        if (end <= start) return;
        segments.Add(new CriticalSegment(span, start, end));
        nanos[span] += end - start;
    }
}
