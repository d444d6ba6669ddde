using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;
using Orrery.Storage.Metrics.Embedded;
using Orrery.Storage.Tests.Support;
using Orrery.Storage.Wal;
using MatchType = Orrery.Signals.Labels.MatchType;

namespace Orrery.Storage.Tests.Metrics.Embedded;

/// <summary>Opens embedded metric stores over one temporary data directory, with background tasks off.</summary>
public sealed class MetricStoreFixture : IAsyncDisposable
{
    public const string Tenant = "t1";

    /// <summary>A fixed "now" far from the epoch, aligned to 2 h, so windows are easy to reason about.</summary>
    public const long T0 = 1_700_006_400_000;

    public const long Minute = 60_000;
    public const long Hour = 60 * Minute;

    private readonly TempDirectory _directory = new();
    private readonly List<EmbeddedMetricStore> _open = new();

    public string DataDirectory => _directory.Path;

    public ListLogger Logger { get; } = new();

    public StorageOptions Storage => new()
    {
        DataDirectory = _directory.Path,
        WalSyncMode = WalSyncMode.None,
        Logger = Logger,
    };

    public MetricStorageOptions Options { get; set; } = new() { RunBackgroundTasks = false };

    public async Task<EmbeddedMetricStore> OpenAsync(MetricStorageOptions? options = null, string? dataDirectory = null)
    {
        var storage = Storage with { DataDirectory = dataDirectory ?? _directory.Path };
        var store = new EmbeddedMetricStore(storage, options ?? Options);
        await store.StartAsync();
        _open.Add(store);
        return store;
    }

    /// <summary>Disposes gracefully (checkpoint written); the store is not disposed again.</summary>
    public async Task CloseAsync(EmbeddedMetricStore store)
    {
        _open.Remove(store);
        await store.DisposeAsync();
    }

    /// <summary>Simulates kill -9: dropped without dispose, nothing flushed beyond what each acknowledged append wrote.</summary>
    public void Abandon(EmbeddedMetricStore store) => _open.Remove(store);

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _open) await store.DisposeAsync();
        _directory.Dispose();
    }

    public static LabelMatcher Eq(string name, string value) => new(MatchType.Equal, name, value);

    public static LabelMatcher[] Name(string metric) => [Eq("__name__", metric)];

    /// <summary>Every sample of every selected series as (labels, timestamp, value).</summary>
    public static List<(LabelSet Labels, long T, double V)> ReadAll(IMetricReader store, IReadOnlyList<LabelMatcher> matchers, long min = long.MinValue, long max = long.MaxValue)
    {
        var result = new List<(LabelSet, long, double)>();
        foreach (var s in store.Select(Tenant, matchers, min, max, 100_000))
        {
            var it = s.Iterator();
            while (it.Next() == SampleKind.Float) result.Add((s.Labels, it.TimestampMs, it.Value));
        }
        return result;
    }

    public static List<(long T, double V)> Samples(IMetricReader store, string metric) =>
        ReadAll(store, Name(metric)).Select(x => (x.T, x.V)).ToList();
}

/// <summary>Builds MetricBatches tersely: series by label pairs, then samples.</summary>
public sealed class TestBatch
{
    public MetricBatch Batch { get; } = new();

    public int Series(params (string Name, string Value)[] labels)
    {
        Batch.BeginSeries();
        foreach (var (n, v) in labels) Batch.AddLabel(n, v);
        var index = Batch.EndSeries(out var duplicate);
        Assert.Null(duplicate);
        return index;
    }

    public int Metric(string name, params (string Name, string Value)[] labels) => Series([("__name__", name), .. labels]);

    public TestBatch Samples(int series, params (long T, double V)[] samples)
    {
        foreach (var (t, v) in samples) Batch.AddSample(series, t, v);
        return this;
    }

    /// <summary>One metric with samples every <paramref name="stepMs"/> from <paramref name="from"/>, value = i.</summary>
    public static MetricBatch Range(string metric, long from, long stepMs, int count, params (string Name, string Value)[] labels)
    {
        var b = new TestBatch();
        var s = b.Metric(metric, labels);
        for (var i = 0; i < count; i++) b.Batch.AddSample(s, from + (i * stepMs), i);
        return b.Batch;
    }

    public static MetricBatch One(string metric, long t, double v, params (string Name, string Value)[] labels)
    {
        var b = new TestBatch();
        b.Samples(b.Metric(metric, labels), (t, v));
        return b.Batch;
    }
}
