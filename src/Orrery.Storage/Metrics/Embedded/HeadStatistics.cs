using Orrery.Signals.Labels;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>The cardinality view of <c>/api/v1/status/tsdb</c>, computed from the head's postings.</summary>
internal static class HeadStatistics
{
    public static TsdbStatus Compute(TenantHead head, int limit)
    {
        if (limit <= 0) limit = 10;
        var (min, max) = head.TimeRange;
        var status = head.ReadIndex(p =>
        {
            long pairs = 0;
            var byMetric = new List<KeyValuePair<string, long>>();
            var valueCounts = new List<KeyValuePair<string, long>>();
            var memory = new List<KeyValuePair<string, long>>();
            var byPair = new List<KeyValuePair<string, long>>();
            var metricNameId = head.Symbols.Find(LabelSet.MetricName);
            foreach (var (nameId, values) in p.ByName)
            {
                var name = head.Symbols[nameId];
                pairs += values.Count;
                valueCounts.Add(KeyValuePair.Create(name, (long)values.Count));
                long bytes = 0;
                foreach (var (valueId, list) in values)
                {
                    var value = head.Symbols[valueId];
                    bytes += (long)System.Text.Encoding.UTF8.GetByteCount(value) * list.Count;
                    byPair.Add(KeyValuePair.Create(name + "=" + value, (long)list.Count));
                    if (nameId == metricNameId) byMetric.Add(KeyValuePair.Create(value, (long)list.Count));
                }
                memory.Add(KeyValuePair.Create(name, bytes));
            }
            return (pairs, Top(byMetric, limit), Top(valueCounts, limit), Top(memory, limit), Top(byPair, limit));
        });
        long chunks = 0;
        foreach (var s in head.SnapshotSeries())
        {
            s.Measure(out var n, out _);
            chunks += n;
        }
        var empty = min == long.MaxValue;
        return new TsdbStatus(head.SeriesCount, status.pairs, chunks, empty ? 0 : min, empty ? 0 : max, status.Item2, status.Item3, status.Item4, status.Item5);
    }

    private static List<KeyValuePair<string, long>> Top(List<KeyValuePair<string, long>> items, int limit) =>
        items.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(limit).ToList();
}
