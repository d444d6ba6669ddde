using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;

namespace Orrery.Api.Tests.Prometheus;

/// <summary>
/// An in-memory <see cref="IMetricReader"/>: series with sample timestamps, exemplars and
/// metadata per tenant, filtered the way the contract says, and the arguments of the last call
/// kept for assertions.
/// </summary>
internal class FakeMetricReader : IMetricReader
{
    private readonly List<(string Tenant, LabelSet Labels, long[] Times)> _series = [];
    private readonly List<(string Tenant, LabelSet Series, StoredExemplar Exemplar)> _exemplars = [];
    private readonly Dictionary<(string Tenant, string Metric), List<MetricMetadata>> _metadata = [];

    public string? LastTenant { get; private set; }
    public long LastStartMs { get; private set; }
    public long LastEndMs { get; private set; }
    public int LastLimit { get; private set; }
    public IReadOnlyList<IReadOnlyList<LabelMatcher>> LastMatcherSets { get; private set; } = [];
    public Exception? Throw { get; set; }
    public TsdbStatus Tsdb { get; set; } = new(0, 0, 0, long.MaxValue, long.MinValue, [], [], [], []);

    public FakeMetricReader AddSeries(LabelSet labels, params long[] sampleTimesMs) => AddSeries("default", labels, sampleTimesMs);

    public FakeMetricReader AddSeries(string tenant, LabelSet labels, params long[] sampleTimesMs)
    {
        _series.Add((tenant, labels, sampleTimesMs.Length == 0 ? [0] : sampleTimesMs));
        return this;
    }

    public FakeMetricReader AddExemplar(LabelSet series, StoredExemplar exemplar)
    {
        _exemplars.Add(("default", series, exemplar));
        return this;
    }

    public FakeMetricReader AddMetadata(string metric, MetricMetadata metadata)
    {
        if (!_metadata.TryGetValue(("default", metric), out var list)) _metadata[("default", metric)] = list = [];
        list.Add(metadata);
        return this;
    }

    public IReadOnlyList<StoredSeries> Select(string tenant, IReadOnlyList<LabelMatcher> matchers, long minTimeMs, long maxTimeMs, int maxSeries, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the metadata API does not read samples");

    public IReadOnlyList<string> LabelNames(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs, int limit) =>
        Matching(tenant, matcherSets, minTimeMs, maxTimeMs, limit, allowNoSets: true)
            .SelectMany(s => s.AsSpan().ToArray().Select(l => l.Name)).Distinct().Order(StringComparer.Ordinal).Take(limit).ToArray();

    public IReadOnlyList<string> LabelValues(string tenant, string name, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs, int limit) =>
        Matching(tenant, matcherSets, minTimeMs, maxTimeMs, limit, allowNoSets: true)
            .Where(s => s.Has(name)).Select(s => s.Get(name)).Distinct().Order(StringComparer.Ordinal).Take(limit).ToArray();

    public IReadOnlyList<LabelSet> Series(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs, int limit) =>
        Matching(tenant, matcherSets, minTimeMs, maxTimeMs, limit, allowNoSets: false).Take(limit).ToArray();

    public IReadOnlyList<SeriesExemplars> Exemplars(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs)
    {
        Remember(tenant, matcherSets, minTimeMs, maxTimeMs, 0);
        return _exemplars
            .Where(e => e.Tenant == tenant && matcherSets.Any(e.Series.Matches) && e.Exemplar.TimestampMs >= minTimeMs && e.Exemplar.TimestampMs <= maxTimeMs)
            .GroupBy(e => e.Series)
            .OrderBy(g => g.Key)
            .Select(g => new SeriesExemplars(g.Key, g.Select(e => e.Exemplar).ToArray()))
            .ToArray();
    }

    public IReadOnlyDictionary<string, IReadOnlyList<MetricMetadata>> Metadata(string tenant, string? metric, int limit)
    {
        Remember(tenant, [], 0, 0, limit);
        ThrowIfAsked();
        return _metadata
            .Where(m => m.Key.Tenant == tenant && (metric is null || m.Key.Metric == metric))
            .OrderBy(m => m.Key.Metric, StringComparer.Ordinal)
            .Take(limit)
            .ToDictionary(m => m.Key.Metric, m => (IReadOnlyList<MetricMetadata>)m.Value);
    }

    public TsdbStatus Status(string tenant, int limit)
    {
        Remember(tenant, [], 0, 0, limit);
        return Tsdb;
    }

    private IEnumerable<LabelSet> Matching(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs, int limit, bool allowNoSets)
    {
        Remember(tenant, matcherSets, minTimeMs, maxTimeMs, limit);
        ThrowIfAsked();
        if (matcherSets.Count == 0 && !allowNoSets) throw new ArgumentException("at least one matcher set");
        return _series
            .Where(s => s.Tenant == tenant && s.Times.Any(t => t >= minTimeMs && t <= maxTimeMs))
            .Where(s => matcherSets.Count == 0 || matcherSets.Any(s.Labels.Matches))
            .Select(s => s.Labels)
            .Distinct()
            .Order();
    }

    private void Remember(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs, int limit)
    {
        (LastTenant, LastMatcherSets, LastStartMs, LastEndMs, LastLimit) = (tenant, matcherSets, minTimeMs, maxTimeMs, limit);
    }

    private void ThrowIfAsked()
    {
        if (Throw is { } e) throw e;
    }
}

/// <summary>A store that has not finished replaying its write-ahead log.</summary>
internal sealed class NotReadyMetricStore : FakeMetricReader, IMetricStore
{
    public bool IsReady => false;

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
