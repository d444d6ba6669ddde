using Orrery.Query.PromQL.Engine;
using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Metrics;
using Orrery.Storage;
using Orrery.Storage.Metrics.Embedded;
using Orrery.Storage.Wal;

namespace Orrery.Query.Tests.PromQL.Engine;

/// <summary>The engine over the real embedded TSDB: chunk iterators, Seek, stale markers and native histograms as stored.</summary>
public sealed class EmbeddedStoreEngineTests : IAsyncLifetime
{
    private const string Tenant = "t1";
    private const long T0 = 1_700_006_400_000;
    private const long Minute = 60_000;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orrery-engine-" + Guid.NewGuid().ToString("N"));
    private EmbeddedMetricStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new EmbeddedMetricStore(
            new StorageOptions { DataDirectory = _directory, WalSyncMode = WalSyncMode.None },
            new MetricStorageOptions { RunBackgroundTasks = false });
        await _store.StartAsync();

        var batch = new MetricBatch();
        // A counter every 15 s for 10 minutes that resets to 0 at 5 minutes.
        var counter = Series(batch, "c", ("job", "api"));
        for (var i = 0; i <= 40; i++) batch.AddSample(counter, T0 + (i * 15_000L), i < 20 ? 10 * i : 10 * (i - 20));
        // A gauge every 30 s for 2 minutes, then silent for 7 minutes (past the lookback), then back.
        var gauge = Series(batch, "g");
        for (var i = 0; i <= 4; i++) batch.AddSample(gauge, T0 + (i * 30_000L), 1);
        batch.AddSample(gauge, T0 + (9 * Minute), 2);
        // A series that goes stale at 1 minute.
        var stale = Series(batch, "s");
        batch.AddSample(stale, T0, 5);
        batch.AddSample(stale, T0 + Minute, StaleMarker.Value);
        var latency = Series(batch, "lat");
        for (var i = 0; i < 3; i++) AddHistogram(batch, latency, T0 + (i * 1000L), i);
        await _store.ConsumeAsync(Tenant, batch);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private PromQLEngine Engine => new(_store);

    [Fact]
    public void Rate_over_a_counter_reset_uses_the_closed_window()
    {
        // [4m15s, 5m15s] holds 170, 180, 190, 0, 10: an increase of 20 + 10 over exactly the
        // range, so no extrapolation (a left-open window would see 180..10 and extrapolate to 0.444).
        var v = (VectorValue)Engine.Instant(Tenant, PromQLParser.Parse("rate(c[1m])"), T0 + (5 * Minute) + 15_000).Value;
        Assert.Equal(0.5, Assert.Single(v.Samples).F, 12);
        Assert.Equal("{job=\"api\"}", v.Samples[0].Metric.ToString());
    }

    [Fact]
    public void Resets_counts_the_reset_over_the_whole_window()
    {
        var v = (VectorValue)Engine.Instant(Tenant, PromQLParser.Parse("resets(c[10m])"), T0 + (10 * Minute)).Value;
        Assert.Equal(1, Assert.Single(v.Samples).F);
    }

    [Fact]
    public void Gaps_longer_than_the_lookback_leave_steps_empty()
    {
        var m = (MatrixValue)Engine.Range(Tenant, PromQLParser.Parse("g"), T0, T0 + (10 * Minute), Minute).Value;
        var points = Assert.Single(m.Series).Floats.Select(p => ((p.T - T0) / Minute, p.F)).ToArray();
        Assert.Equal([(0, 1), (1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 1), (7, 1), (9, 2), (10, 2)], points);
    }

    [Fact]
    public void A_stored_stale_marker_ends_the_series()
    {
        var m = (MatrixValue)Engine.Range(Tenant, PromQLParser.Parse("s"), T0, T0 + (2 * Minute), 30_000).Value;
        Assert.Equal([0L, 30_000L], Assert.Single(m.Series).Floats.Select(p => p.T - T0));
    }

    [Fact]
    public void Native_histograms_are_selected_summed_and_scaled()
    {
        var at = T0 + 2000;
        var selected = Assert.Single(((VectorValue)Engine.Instant(Tenant, PromQLParser.Parse("lat"), at).Value).Samples);
        Assert.True(selected.IsHistogram);
        Assert.Equal(30, selected.H!.Sum);

        var doubled = Assert.Single(((VectorValue)Engine.Instant(Tenant, PromQLParser.Parse("lat * 2"), at).Value).Samples);
        Assert.Equal(60, doubled.H!.Sum);
        Assert.Equal("{}", doubled.Metric.ToString());

        var summed = Assert.Single(((VectorValue)Engine.Instant(Tenant, PromQLParser.Parse("sum(lat or lat offset 1s)"), at).Value).Samples);
        Assert.Equal(30, summed.H!.Sum);

        var window = (MatrixValue)Engine.Instant(Tenant, PromQLParser.Parse("lat[1m]"), at).Value;
        Assert.Equal(3, Assert.Single(window.Series).Histograms.Count);
    }

    private static int Series(MetricBatch batch, string name, params (string Name, string Value)[] labels)
    {
        batch.BeginSeries();
        batch.AddLabel("__name__", name);
        foreach (var (n, v) in labels) batch.AddLabel(n, v);
        return batch.EndSeries(out _);
    }

    private static void AddHistogram(MetricBatch batch, int series, long t, int i)
    {
        var spans = batch.BucketSpans.Count;
        batch.BucketSpans.Add(new BucketSpanRow { Offset = 0, Length = 2 });
        var buckets = batch.BucketCounts.Count;
        batch.BucketCounts.Add(1 + i);
        batch.BucketCounts.Add(2 + i);
        batch.Histograms.Add(new HistogramRow
        {
            Series = series,
            TimestampMs = t,
            Schema = 0,
            ZeroThreshold = 1e-128,
            ZeroCount = 0,
            Count = 3 + (2 * i),
            Sum = 10 * (i + 1),
            PositiveSpans = new(spans, 1),
            PositiveBuckets = new(buckets, 2),
        });
    }
}
