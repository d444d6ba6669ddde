using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;
using static Orrery.Storage.Tests.Metrics.Embedded.MetricStoreFixture;

namespace Orrery.Storage.Tests.Metrics.Embedded;

public sealed class EmbeddedMetricStoreConcurrencyTests : IAsyncLifetime
{
    private readonly MetricStoreFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Concurrent_writers_of_the_same_new_series_make_one_series_and_replay_to_it()
    {
        var store = await _fixture.OpenAsync();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var b = new TestBatch();
                b.Samples(b.Metric("shared", ("k", "v")), (T0 + (w * 1000) + (i * 10_000), w));
                b.Samples(b.Metric("own", ("w", w.ToString(System.Globalization.CultureInfo.InvariantCulture))), (T0 + (i * 1000), i));
                await store.ConsumeAsync(Tenant, b.Batch);
            }
        })));
        _fixture.Abandon(store);
        store = await _fixture.OpenAsync();

        Assert.Single(store.Select(Tenant, Name("shared"), long.MinValue, long.MaxValue, 10));
        Assert.Equal(400, Samples(store, "shared").Count);
        Assert.Equal(8, store.Select(Tenant, Name("own"), long.MinValue, long.MaxValue, 10).Count);
        Assert.Equal(9, store.Status(Tenant, 10).NumSeries);
    }

    [Fact]
    public async Task Queries_during_cuts_see_every_sample()
    {
        var store = await _fixture.OpenAsync();
        for (var h = 0; h < 8; h++) await store.ConsumeAsync(Tenant, TestBatch.Range("m", T0 + (h * Hour), Minute, 60));
        using var stop = new CancellationTokenSource();
        var counts = new List<int>();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = ReadAll(store, Name("m")).Count;
                lock (counts) counts.Add(n);
            }
        });

        var cut = store.CutHeadsOnce();
        await stop.CancelAsync();
        await reader;

        Assert.True(cut >= 1);
        Assert.All(counts, n => Assert.Equal(480, n));
        Assert.Equal(480, Samples(store, "m").Count);
    }

    [Fact]
    public async Task A_series_that_left_the_head_and_came_back_replays_once()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync(Tenant, TestBatch.Range("gone", T0, Minute, 30));
        await store.ConsumeAsync(Tenant, TestBatch.Range("m", T0, Minute, 60 * 4));
        store.CutHeadsOnce();
        Assert.Equal(1, store.Status(Tenant, 10).NumSeries);

        await store.ConsumeAsync(Tenant, TestBatch.One("gone", T0 + (4 * Hour), 99));
        _fixture.Abandon(store);
        store = await _fixture.OpenAsync();

        var gone = Samples(store, "gone");
        Assert.Equal(31, gone.Count);
        Assert.Equal((T0 + (4 * Hour), 99.0), gone[^1]);
        Assert.Equal(2, store.Status(Tenant, 10).NumSeries);
    }

    [Fact]
    public async Task Histograms_replay_after_an_unclean_stop()
    {
        var store = await _fixture.OpenAsync();
        var b = new TestBatch();
        var s = b.Metric("h");
        b.Batch.BucketSpans.Add(new BucketSpanRow { Offset = 2, Length = 1 });
        b.Batch.BucketCounts.Add(7);
        b.Batch.Histograms.Add(new HistogramRow { Series = s, TimestampMs = T0, Schema = 0, Count = 7, Sum = 3.5, PositiveSpans = new(0, 1), PositiveBuckets = new(0, 1), ResetHint = CounterResetHint.NotCounterReset });
        await store.ConsumeAsync(Tenant, b.Batch);
        _fixture.Abandon(store);

        store = await _fixture.OpenAsync();

        var it = Assert.Single(store.Select(Tenant, Name("h"), long.MinValue, long.MaxValue, 10)).Iterator();
        Assert.Equal(SampleKind.Histogram, it.Next());
        var h = it.Histogram();
        Assert.Equal((7.0, 3.5, 2), (h.Count, h.Sum, h.PositiveSpans[0].Offset));
        Assert.Equal([7.0], h.PositiveBuckets);
    }
}
