using Orrery.Signals;

namespace Orrery.Ui.Analysis;

/// <summary>One operation's weight on the critical paths of many traces.</summary>
/// <param name="Share">CriticalNano over the sum of the traces' critical-path lengths (0..1).</param>
/// <param name="Traces">In how many of the traces the operation was on the critical path at all.</param>
public sealed record CriticalOperation(string Service, string Name, long CriticalNano, double Share, int Traces);

/// <summary>The critical path over a set of traces: operations by their share of waited-on time.</summary>
public sealed record AggregatedCriticalPathResult(int TraceCount, long TotalCriticalNano, IReadOnlyList<CriticalOperation> Operations);

/// <summary>
/// Sums each trace's critical path by (service, operation). Every trace counts with its own
/// critical-path length, so a slow trace weighs more than a fast one: the question answered is
/// "of all the time these requests were waited on, which operations was it spent in".
/// </summary>
public sealed class AggregatedCriticalPath
{
    private readonly Dictionary<(string Service, string Name), (long Nanos, int Traces)> _byOperation = [];
    private readonly HashSet<(string, string)> _inThisTrace = [];
    private long _total;
    private int _traces;

    public void Add(TraceTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var path = CriticalPath.Compute(tree);
        if (path.Segments.Count == 0) return;
        _traces++;
        _inThisTrace.Clear();
        for (var s = 0; s < tree.Count; s++)
        {
            var nanos = path.NanosBySpan[s];
            if (nanos == 0) continue;
            var key = (tree.Service[s], tree.Name[s]);
            var (sum, traces) = _byOperation.GetValueOrDefault(key);
            _byOperation[key] = (sum + nanos, _inThisTrace.Add(key) ? traces + 1 : traces);
            _total += nanos;
        }
    }

    public AggregatedCriticalPathResult Result()
    {
        var total = _total;
        var rows = _byOperation
            .Select(kv => new CriticalOperation(kv.Key.Service, kv.Key.Name, kv.Value.Nanos, total == 0 ? 0 : (double)kv.Value.Nanos / total, kv.Value.Traces))
            .OrderByDescending(r => r.CriticalNano).ThenBy(r => r.Service, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        return new AggregatedCriticalPathResult(_traces, total, rows);
    }

    /// <summary>
    /// Aggregates the stored traces with these ids, read whole within the range in one
    /// <see cref="Storage.Traces.ITraceReader.FindTraces"/> (a page of the store is read once for
    /// all the candidates in it, not once per trace).
    /// </summary>
    public static AggregatedCriticalPathResult Over(Storage.Traces.ITraceReader reader, string tenant, IEnumerable<TraceId> traceIds, TimeRange range, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(traceIds);
        var ids = traceIds.Distinct().ToList();
        var found = reader.FindTraces(tenant, ids, range);
        var aggregate = new AggregatedCriticalPath();
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (found.TryGetValue(id, out var batch) && batch.Count > 0) aggregate.Add(TraceTree.From(batch));
        }
        return aggregate.Result();
    }
}
