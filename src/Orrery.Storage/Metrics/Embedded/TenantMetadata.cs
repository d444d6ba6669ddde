using Orrery.Signals.Metrics;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// A tenant's metric metadata: per family, the distinct (type, help, unit) seen, newest last, at
/// most <see cref="MaxPerFamily"/> (as Prometheus lists several when targets disagree). Thread-safe.
/// </summary>
internal sealed class TenantMetadata
{
    /// <summary>Targets rarely disagree; 10 keeps a misbehaving sender from growing a family without bound.</summary>
    private const int MaxPerFamily = 10;

    private readonly Dictionary<string, List<MetricMetadata>> _byFamily = new(StringComparer.Ordinal);
    private readonly Lock _sync = new();

    /// <summary>Records metadata; false when it was already known (nothing to log).</summary>
    public bool Set(string family, MetricMetadata metadata)
    {
        lock (_sync)
        {
            if (!_byFamily.TryGetValue(family, out var list)) _byFamily[family] = list = new List<MetricMetadata>(1);
            var at = list.IndexOf(metadata);
            if (at == list.Count - 1 && at >= 0) return false;
            if (at >= 0) list.RemoveAt(at);
            else if (list.Count == MaxPerFamily) list.RemoveAt(0);
            list.Add(metadata);
            return true;
        }
    }

    /// <summary>True when exactly this metadata is the family's newest, so a batch need not log it again.</summary>
    public bool IsCurrent(string family, MetricType type, string help, string unit)
    {
        lock (_sync)
        {
            return _byFamily.TryGetValue(family, out var list) && list[^1] == new MetricMetadata(type, help, unit);
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyList<MetricMetadata>> Get(string? family, int limit)
    {
        lock (_sync)
        {
            var result = new SortedDictionary<string, IReadOnlyList<MetricMetadata>>(StringComparer.Ordinal);
            foreach (var (name, list) in _byFamily)
            {
                if (family is not null && name != family) continue;
                result[name] = list.AsEnumerable().Reverse().ToArray();
            }
            return limit > 0 && result.Count > limit ? result.Take(limit).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) : result;
        }
    }

    public List<KeyValuePair<string, MetricMetadata>> All()
    {
        lock (_sync) return _byFamily.SelectMany(p => p.Value.Select(m => KeyValuePair.Create(p.Key, m))).ToList();
    }
}
