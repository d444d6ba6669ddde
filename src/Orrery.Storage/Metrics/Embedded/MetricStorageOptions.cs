using Orrery.Storage.Wal;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// Settings of the embedded metrics TSDB. Data directory, WAL sync policy, logger and clock come
/// from <see cref="StorageOptions"/> (one storage engine, one policy); these are the metric-only knobs.
/// </summary>
public sealed record MetricStorageOptions
{
    /// <summary>
    /// Samples up to this much older than their series' newest sample are still accepted
    /// (<c>--metrics-ooo-window</c>). 10 minutes covers pushed data held up by retries and
    /// batching (OTLP exporters retry for up to ~5 minutes by default).
    /// </summary>
    public TimeSpan OutOfOrderWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Prometheus's 2 h: the head is cut into blocks of this aligned range.</summary>
    public TimeSpan BlockRange { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Blocks whose newest sample is older than this (against the clock) are deleted (Prometheus's default).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(15);

    /// <summary>How often compaction and retention run in the background.</summary>
    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Exemplars kept per tenant (Prometheus's <c>max_exemplars</c> default).</summary>
    public int MaxExemplars { get; init; } = 100_000;

    public CardinalityLimits Limits { get; init; } = new();

    /// <summary>
    /// Size of a closed-head-chunk segment file (<c>metrics/&lt;tenant&gt;/chunks_head/</c>); a
    /// segment is deleted once every chunk in it has been cut into a block. 4 KiB to 4 GiB.
    /// </summary>
    public long HeadChunkSegmentBytes { get; init; } = HeadChunkFiles.DefaultSegmentBytes;

    /// <summary>False turns off the background cut, compaction and retention loops (tests drive them by hand).</summary>
    public bool RunBackgroundTasks { get; init; } = true;

    /// <summary>Block ranges of compaction levels above the first: 3 × and 12 × the block range (2 h → 6 h → 24 h).</summary>
    public IReadOnlyList<TimeSpan> CompactionRanges() => [BlockRange * 3, BlockRange * 12];

    internal WalOptions WalOptions(StorageOptions storage) => new()
    {
        SyncMode = storage.WalSyncMode,
        SyncInterval = storage.WalSyncInterval,
        SegmentBytes = storage.WalSegmentBytes,
    };
}

/// <summary>
/// Per-tenant cardinality protection. A new series that would break a limit is refused (its
/// samples rejected with a message naming the metric and the limit); known series are never
/// refused, so a limit never cuts an existing series short.
/// </summary>
public sealed record CardinalityLimits
{
    /// <summary>1M series in the head: about 1 GB of memory at the TSDB's ~1 KB per series.</summary>
    public int MaxActiveSeries { get; init; } = 1_000_000;

    /// <summary>100k series for one metric name: beyond this a label almost always holds an id (user, request, trace).</summary>
    public int MaxSeriesPerMetric { get; init; } = 100_000;

    /// <summary>30 label names (Mimir's default): real series have 5–15.</summary>
    public int MaxLabelNamesPerSeries { get; init; } = 30;

    /// <summary>1024 bytes (Mimir's default).</summary>
    public int MaxLabelNameLength { get; init; } = 1024;

    /// <summary>2048 bytes (Mimir's default).</summary>
    public int MaxLabelValueLength { get; init; } = 2048;
}
