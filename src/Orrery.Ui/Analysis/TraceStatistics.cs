using System.Runtime.CompilerServices;
namespace Orrery.Ui.Analysis;

/// <summary>Totals for one group of spans (an operation of a service, or a whole service).</summary>
public sealed record SpanGroupStats(string Service, string? Name, int Count, int Errors, long TotalNano, long SelfNano, long CriticalNano);

/// <summary>Per-trace statistics: where the trace's time went, by operation and by service, most self time first.</summary>
public sealed record TraceStatisticsResult(IReadOnlyList<SpanGroupStats> Operations, IReadOnlyList<SpanGroupStats> Services);

/// <summary>
/// Self time of a span is its duration minus the time covered by at least one of its children
/// (children clipped to the span; overlapping children are counted once, so parallel calls do not
/// make self time negative).
/// </summary>
public static class TraceStatistics
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long[] SelfTimes(TraceTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var self = new long[tree.Count];
        var intervals = new List<(long Start, long End)>();
        for (var s = 0; s < tree.Count; s++)
        {
            intervals.Clear();
            foreach (var c in tree.ChildrenOf(s))
            {
                var start = Math.Max(tree.Start[c], tree.Start[s]);
                var end = Math.Min(tree.End[c], tree.End[s]);
                if (end > start) intervals.Add((start, end));
            }
            intervals.Sort(static (a, b) => a.Start.CompareTo(b.Start));
            long covered = 0, runStart = 0, runEnd = long.MinValue;
            foreach (var (start, end) in intervals)
            {
                if (start > runEnd)
                {
                    if (runEnd > runStart) covered += runEnd - runStart;
                    runStart = start;
                    runEnd = end;
                }
                else if (end > runEnd)
                {
                    runEnd = end;
                }
            }
            if (runEnd > runStart) covered += runEnd - runStart;
            self[s] = tree.Duration(s) - covered;
        }
        return self;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TraceStatisticsResult Compute(TraceTree tree, CriticalPathResult criticalPath)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(criticalPath);
        var self = SelfTimes(tree);
        var operations = new Dictionary<(string, string), Accumulator>();
        var services = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        for (var s = 0; s < tree.Count; s++)
        {
            var op = Get(operations, (tree.Service[s], tree.Name[s]));
            var svc = services.TryGetValue(tree.Service[s], out var found) ? found : services[tree.Service[s]] = new Accumulator();
            foreach (var a in (ReadOnlySpan<Accumulator>)[op, svc])
            {
                a.Count++;
                if (tree.Error[s]) a.Errors++;
                a.Total += tree.Duration(s);
                a.Self += self[s];
                a.Critical += criticalPath.NanosBySpan[s];
            }
        }
        var opRows = operations.Select(kv => kv.Value.Row(kv.Key.Item1, kv.Key.Item2)).OrderByDescending(r => r.SelfNano).ThenBy(r => r.Service, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        var svcRows = services.Select(kv => kv.Value.Row(kv.Key, null)).OrderByDescending(r => r.SelfNano).ThenBy(r => r.Service, StringComparer.Ordinal).ToList();
        return new TraceStatisticsResult(opRows, svcRows);
    }

    private static Accumulator Get(Dictionary<(string, string), Accumulator> map, (string, string) key)
    {
        if (!map.TryGetValue(key, out var a)) map[key] = a = new Accumulator();
        return a;
    }

    private sealed class Accumulator
    {
        public int Count;
        public int Errors;
        public long Total;
        public long Self;
        public long Critical;

        public SpanGroupStats Row(string service, string? name) => new(service, name, Count, Errors, Total, Self, Critical);
    }
}
