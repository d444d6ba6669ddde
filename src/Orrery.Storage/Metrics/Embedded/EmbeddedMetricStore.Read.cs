using Orrery.Signals.Labels;
using Orrery.Storage.Embedded;

namespace Orrery.Storage.Metrics.Embedded;

public sealed partial class EmbeddedMetricStore
{
    public IReadOnlyList<StoredSeries> Select(string tenant, IReadOnlyList<LabelMatcher> matchers, long minTimeMs, long maxTimeMs, int maxSeries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        if (!TryGetHead(tenant, out var head)) return [];

        // The head is read before the block list: a cut publishes its block before the head lets
        // go of the data, so whichever way a cut interleaves, every sample is seen at least once.
        var selected = new Dictionary<LabelSet, SelectedSeries>();
        foreach (var series in head.Match(matchers))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunks = new List<ChunkRef>();
            if (!series.Snapshot(minTimeMs, maxTimeMs, chunks, out var ooo, head.ChunkFiles)) continue;
            selected[head.LabelsOf(series)] = new SelectedSeries { Head = chunks, OutOfOrder = ooo };
            ThrowIfOver(selected.Count, maxSeries);
        }

        var blocks = head.Blocks.Acquire(minTimeMs, maxTimeMs);
        try
        {
            foreach (var block in blocks)
            {
                foreach (var bs in block.Block.Select(matchers, minTimeMs, maxTimeMs))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!selected.TryGetValue(bs.Labels, out var entry))
                    {
                        selected[bs.Labels] = entry = new SelectedSeries();
                        ThrowIfOver(selected.Count, maxSeries);
                    }
                    foreach (var c in bs.Chunks) entry.Blocks.Add(new ChunkRef(c.MinTimeMs, c.MaxTimeMs, c.Bytes));
                }
            }
        }
        finally
        {
            foreach (var b in blocks) b.Release();
        }

        var result = new StoredSeries[selected.Count];
        var i = 0;
        foreach (var (labels, entry) in selected)
        {
            // Block chunks first: among overlapping copies of a sample, the block's wins.
            if (entry.Blocks.Count > 0) entry.Blocks.AddRange(entry.Head ?? []);
            result[i++] = new MergedSeries(labels, entry.Blocks.Count > 0 ? entry.Blocks : entry.Head!, entry.OutOfOrder);
        }
        Array.Sort(result, (a, b) => a.Labels.CompareTo(b.Labels));
        return result;
    }

    public IReadOnlyList<string> LabelNames(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs, int limit)
    {
        ArgumentNullException.ThrowIfNull(matcherSets);
        if (!TryGetHead(tenant, out var head)) return [];
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (matcherSets.Count == 0)
        {
            if (HeadOverlaps(head, minTimeMs, maxTimeMs))
            {
                head.ReadIndex(p =>
                {
                    foreach (var nameId in p.ByName.Keys) names.Add(head.Symbols[nameId]);
                    return 0;
                });
            }
        }
        else
        {
            foreach (var series in MatchHead(head, matcherSets, minTimeMs, maxTimeMs))
            {
                for (var i = 0; i < series.Labels.Length; i += 2) names.Add(head.Symbols[series.Labels[i]]);
            }
        }
        ForEachBlock(head, minTimeMs, maxTimeMs, block =>
        {
            if (matcherSets.Count == 0) names.UnionWith(block.LabelNames());
            else foreach (var set in matcherSets) names.UnionWith(block.LabelNames(set));
        });
        return Limit(names, limit);
    }

    public IReadOnlyList<string> LabelValues(string tenant, string name, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs, int limit)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(matcherSets);
        if (!TryGetHead(tenant, out var head)) return [];
        var values = new SortedSet<string>(StringComparer.Ordinal);
        if (matcherSets.Count == 0)
        {
            if (HeadOverlaps(head, minTimeMs, maxTimeMs))
            {
                head.ReadIndex(p =>
                {
                    var nameId = head.Symbols.Find(name);
                    if (nameId >= 0 && p.ByName.TryGetValue(nameId, out var byValue))
                    {
                        foreach (var valueId in byValue.Keys) values.Add(head.Symbols[valueId]);
                    }
                    return 0;
                });
            }
        }
        else
        {
            foreach (var series in MatchHead(head, matcherSets, minTimeMs, maxTimeMs))
            {
                for (var i = 0; i < series.Labels.Length; i += 2)
                {
                    if (head.Symbols[series.Labels[i]] == name) values.Add(head.Symbols[series.Labels[i + 1]]);
                }
            }
        }
        ForEachBlock(head, minTimeMs, maxTimeMs, block =>
        {
            if (matcherSets.Count == 0) values.UnionWith(block.LabelValues(name));
            else foreach (var set in matcherSets) values.UnionWith(block.LabelValues(name, set));
        });
        return Limit(values, limit);
    }

    public IReadOnlyList<LabelSet> Series(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs, int limit)
    {
        ArgumentNullException.ThrowIfNull(matcherSets);
        if (!TryGetHead(tenant, out var head)) return [];
        var result = new SortedSet<LabelSet>();
        foreach (var series in MatchHead(head, matcherSets, minTimeMs, maxTimeMs)) result.Add(head.LabelsOf(series));
        ForEachBlock(head, minTimeMs, maxTimeMs, block =>
        {
            foreach (var set in matcherSets)
            {
                foreach (var bs in block.Select(set, minTimeMs, maxTimeMs)) result.Add(bs.Labels);
            }
        });
        return limit > 0 && result.Count > limit ? result.Take(limit).ToList() : result.ToList();
    }

    public IReadOnlyList<SeriesExemplars> Exemplars(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs)
    {
        ArgumentNullException.ThrowIfNull(matcherSets);
        if (!TryGetHead(tenant, out var head)) return [];
        var bySeries = new Dictionary<HeadSeries, List<StoredExemplar>>(ReferenceEqualityComparer.Instance);
        foreach (var e in head.Exemplars.ToArray())
        {
            if (e.TimestampMs < minTimeMs || e.TimestampMs > maxTimeMs) continue;
            if (!bySeries.TryGetValue(e.Series, out var list)) bySeries[e.Series] = list = new List<StoredExemplar>();
            list.Add(new StoredExemplar(e.Labels, e.Value, e.TimestampMs));
        }
        var byLabels = new SortedDictionary<LabelSet, List<StoredExemplar>>();
        foreach (var (series, list) in bySeries)
        {
            var labels = head.LabelsOf(series);
            if (matcherSets.Count > 0 && !matcherSets.Any(labels.Matches)) continue;
            if (byLabels.TryGetValue(labels, out var existing)) existing.AddRange(list);
            else byLabels[labels] = list;
        }
        return byLabels.Select(p => new SeriesExemplars(p.Key, p.Value.OrderBy(e => e.TimestampMs).ToArray())).ToList();
    }

    public IReadOnlyDictionary<string, IReadOnlyList<MetricMetadata>> Metadata(string tenant, string? metric, int limit) =>
        TryGetHead(tenant, out var head) ? head.Metadata.Get(metric, limit) : new Dictionary<string, IReadOnlyList<MetricMetadata>>();

    public TsdbStatus Status(string tenant, int limit)
    {
        if (!TryGetHead(tenant, out var head)) return new TsdbStatus(0, 0, 0, 0, 0, [], [], [], []);
        return HeadStatistics.Compute(head, limit);
    }

    private bool TryGetHead(string tenant, out TenantHead head)
    {
        StoreLifecycle.ValidateTenant(tenant);
        _lifecycle.WaitReady();
        return _tenants.TryGetValue(tenant, out head!);
    }

    private static bool HeadOverlaps(TenantHead head, long minTimeMs, long maxTimeMs)
    {
        var (min, max) = head.TimeRange;
        return min <= maxTimeMs && max >= minTimeMs;
    }

    /// <summary>Head series matching any of the sets with data in the range, each once.</summary>
    private static IEnumerable<HeadSeries> MatchHead(TenantHead head, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs)
    {
        var seen = new HashSet<int>();
        foreach (var set in matcherSets)
        {
            foreach (var series in head.Match(set))
            {
                if (seen.Add(series.Id) && series.HasData(minTimeMs, maxTimeMs)) yield return series;
            }
        }
    }

    private static void ForEachBlock(TenantHead head, long minTimeMs, long maxTimeMs, Action<Blocks.MetricBlock> read)
    {
        var blocks = head.Blocks.Acquire(minTimeMs, maxTimeMs);
        try
        {
            foreach (var b in blocks) read(b.Block);
        }
        finally
        {
            foreach (var b in blocks) b.Release();
        }
    }

    private static List<string> Limit(SortedSet<string> sorted, int limit) =>
        limit > 0 && sorted.Count > limit ? sorted.Take(limit).ToList() : sorted.ToList();

    private static void ThrowIfOver(int count, int maxSeries)
    {
        if (maxSeries > 0 && count > maxSeries) throw new MetricLimitException($"the query selects more than the limit of {maxSeries} series");
    }

    private sealed class SelectedSeries
    {
        public List<ChunkRef> Blocks { get; } = new();

        public List<ChunkRef>? Head { get; init; }

        public OooSample[]? OutOfOrder { get; init; }
    }
}
