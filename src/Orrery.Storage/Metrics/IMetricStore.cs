using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Storage.Metrics;

/// <summary>
/// The boundary between PromQL and the Prometheus API on one side and metric storage on the
/// other; the embedded TSDB implements it, a ClickHouse backend later. Every call is scoped to
/// one tenant; times are Unix milliseconds, ranges inclusive at both ends.
/// </summary>
public interface IMetricReader
{
    /// <summary>
    /// Series matching every matcher that have samples in [<paramref name="minTimeMs"/>,
    /// <paramref name="maxTimeMs"/>], sorted by labels, each once (head and blocks merged).
    /// Callers bound the work with <paramref name="maxSeries"/>: one more than that is an error
    /// (<see cref="MetricLimitException"/>) rather than an out-of-memory.
    /// </summary>
    IReadOnlyList<StoredSeries> Select(string tenant, IReadOnlyList<LabelMatcher> matchers, long minTimeMs, long maxTimeMs, int maxSeries, CancellationToken cancellationToken = default);

    /// <summary>Label names of series matching any of <paramref name="matcherSets"/> (all series when empty), sorted.</summary>
    IReadOnlyList<string> LabelNames(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs, int limit);

    /// <summary>Values of one label over series matching any of <paramref name="matcherSets"/>, sorted.</summary>
    IReadOnlyList<string> LabelValues(string tenant, string name, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs, int limit);

    /// <summary>Label sets of series matching any of <paramref name="matcherSets"/> (at least one set), sorted.</summary>
    IReadOnlyList<LabelSet> Series(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs, int limit);

    /// <summary>Stored exemplars in the range of series matching any of the sets, grouped by series.</summary>
    IReadOnlyList<SeriesExemplars> Exemplars(string tenant, IReadOnlyList<IReadOnlyList<LabelMatcher>> matcherSets, long minTimeMs, long maxTimeMs);

    /// <summary>Metadata by metric family (one family, or all when null), at most <paramref name="limit"/> families.</summary>
    IReadOnlyDictionary<string, IReadOnlyList<MetricMetadata>> Metadata(string tenant, string? metric, int limit);

    /// <summary>The head's cardinality view for <c>/api/v1/status/tsdb</c>.</summary>
    TsdbStatus Status(string tenant, int limit);
}

/// <summary>An embedded TSDB: started (WAL replayed) before use, flushed on dispose.</summary>
public interface IMetricStore : IMetricConsumer, IMetricReader, IAsyncDisposable
{
    Task StartAsync(CancellationToken cancellationToken = default);

    bool IsReady { get; }
}

/// <summary>A selected series; <see cref="Iterator"/> may be called more than once, each call starts over.</summary>
public abstract class StoredSeries(LabelSet labels)
{
    public LabelSet Labels { get; } = labels;

    public abstract ISampleIterator Iterator();
}

public readonly record struct StoredExemplar(LabelSet Labels, double Value, long TimestampMs);

public sealed record SeriesExemplars(LabelSet SeriesLabels, IReadOnlyList<StoredExemplar> Exemplars);

public sealed record MetricMetadata(MetricType Type, string Help, string Unit);

/// <summary>Prometheus's <c>/api/v1/status/tsdb</c> data.</summary>
public sealed record TsdbStatus(
    long NumSeries,
    long NumLabelPairs,
    long ChunkCount,
    long MinTimeMs,
    long MaxTimeMs,
    IReadOnlyList<KeyValuePair<string, long>> SeriesCountByMetricName,
    IReadOnlyList<KeyValuePair<string, long>> LabelValueCountByLabelName,
    IReadOnlyList<KeyValuePair<string, long>> MemoryInBytesByLabelName,
    IReadOnlyList<KeyValuePair<string, long>> SeriesCountByLabelValuePair);

/// <summary>A query asked for more than a limit allows (series or samples); the message names the limit.</summary>
public sealed class MetricLimitException(string message) : Exception(message);
