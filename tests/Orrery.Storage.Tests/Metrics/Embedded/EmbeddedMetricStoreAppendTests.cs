using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics;
using static Orrery.Storage.Tests.Metrics.Embedded.MetricStoreFixture;

namespace Orrery.Storage.Tests.Metrics.Embedded;

public sealed class EmbeddedMetricStoreAppendTests : IAsyncLifetime
{
    private readonly MetricStoreFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Float_samples_round_trip_across_chunks()
    {
        var store = await _fixture.OpenAsync();

        var result = await store.ConsumeAsync(Tenant, TestBatch.Range("http_requests_total", T0, 15_000, 300, ("job", "api")));

        Assert.Equal(new MetricWriteResult(300, 0, 0, null) { BatchReleased = true }, result);
        var samples = Samples(store, "http_requests_total");
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (T0 + (i * 15_000L), (double)i)), samples);
    }

    [Fact]
    public async Task Stale_markers_and_special_values_are_stored_bit_exactly()
    {
        var store = await _fixture.OpenAsync();
        var b = new TestBatch();
        var s = b.Metric("up");
        b.Samples(s, (T0, 1), (T0 + 1000, StaleMarker.Value), (T0 + 2000, double.NaN), (T0 + 3000, double.PositiveInfinity), (T0 + 4000, -0.0));

        await store.ConsumeAsync(Tenant, b.Batch);

        var bits = Samples(store, "up").Select(x => BitConverter.DoubleToUInt64Bits(x.V)).ToArray();
        ulong[] expected = [BitConverter.DoubleToUInt64Bits(1), StaleMarker.Bits, BitConverter.DoubleToUInt64Bits(double.NaN), BitConverter.DoubleToUInt64Bits(double.PositiveInfinity), BitConverter.DoubleToUInt64Bits(-0.0)];
        Assert.Equal(expected, bits);
    }

    [Fact]
    public async Task Native_histograms_round_trip()
    {
        var store = await _fixture.OpenAsync();
        var b = new TestBatch();
        var s = b.Metric("latency_seconds");
        for (var i = 0; i < 3; i++)
        {
            var spans = b.Batch.BucketSpans.Count;
            b.Batch.BucketSpans.Add(new BucketSpanRow { Offset = -1, Length = 2 });
            var buckets = b.Batch.BucketCounts.Count;
            b.Batch.BucketCounts.Add(1 + i);
            b.Batch.BucketCounts.Add(2 + i);
            b.Batch.Histograms.Add(new HistogramRow
            {
                Series = s,
                TimestampMs = T0 + (i * 1000),
                Schema = 3,
                ZeroThreshold = 1e-128,
                ZeroCount = i,
                Count = 3 + (2 * i) + i,
                Sum = 10.5 * (i + 1),
                PositiveSpans = new(spans, 1),
                PositiveBuckets = new(buckets, 2),
            });
        }

        var result = await store.ConsumeAsync(Tenant, b.Batch);

        Assert.Equal(3, result.AcceptedSamples);
        var series = Assert.Single(store.Select(Tenant, Name("latency_seconds"), long.MinValue, long.MaxValue, 10));
        var it = series.Iterator();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(SampleKind.Histogram, it.Next());
            Assert.Equal(T0 + (i * 1000), it.TimestampMs);
            var h = it.Histogram();
            Assert.Equal(3, h.Schema);
            Assert.Equal(10.5 * (i + 1), h.Sum);
            Assert.Equal(i, h.ZeroCount);
            Assert.Equal(new double[] { 1 + i, 2 + i }, h.PositiveBuckets);
            Assert.Equal(-1, Assert.Single(h.PositiveSpans).Offset);
        }
        Assert.Equal(SampleKind.None, it.Next());
    }

    [Fact]
    public async Task Out_of_order_samples_within_the_window_are_merged_in_time_order()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync(Tenant, TestBatch.Range("m", T0, 60_000, 10));

        var result = await store.ConsumeAsync(Tenant, TestBatch.One("m", T0 + (8 * Minute) + 30_000, 100));

        Assert.Equal(new MetricWriteResult(1, 0, 0, null) { BatchReleased = true }, result);
        var samples = Samples(store, "m");
        Assert.Equal(11, samples.Count);
        Assert.Equal((T0 + (8 * Minute) + 30_000, 100.0), samples[9]);
        Assert.True(samples.Zip(samples.Skip(1)).All(p => p.First.T < p.Second.T));
    }

    [Fact]
    public async Task Samples_older_than_the_window_are_rejected_one_by_one_and_the_rest_kept()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync(Tenant, TestBatch.One("m", T0 + Hour, 1));
        var b = new TestBatch();
        var s = b.Metric("m");
        b.Samples(s, (T0, 2), (T0 + Hour - (5 * Minute), 3), (T0 + Hour + 1000, 4));

        var result = await store.ConsumeAsync(Tenant, b.Batch);

        Assert.Equal(2, result.AcceptedSamples);
        Assert.Equal(1, result.RejectedSamples);
        Assert.Contains($"out of order sample: metric m, timestamp {T0} is older than the 10m out-of-order window", result.ErrorMessage);
        Assert.Equal([(T0 + Hour - (5 * Minute), 3.0), (T0 + Hour, 1.0), (T0 + Hour + 1000, 4.0)], Samples(store, "m"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_duplicate_timestamp_with_the_same_value_is_ignored_and_with_another_value_rejected(bool outOfOrder)
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync(Tenant, TestBatch.Range("m", T0, 1000, 5));
        var t = outOfOrder ? T0 + 2000 : T0 + 4000;
        var value = outOfOrder ? 2.0 : 4.0;

        var same = await store.ConsumeAsync(Tenant, TestBatch.One("m", t, value));
        var other = await store.ConsumeAsync(Tenant, TestBatch.One("m", t, value + 0.5));

        Assert.Equal(new MetricWriteResult(1, 0, 0, null) { BatchReleased = true }, same);
        Assert.Equal(0, other.AcceptedSamples);
        Assert.Equal(1, other.RejectedSamples);
        Assert.Contains($"duplicate sample for timestamp: metric m, timestamp {t}", other.ErrorMessage);
        Assert.Equal(5, Samples(store, "m").Count);
        Assert.Equal(value, Samples(store, "m").Single(x => x.T == t).V);
    }

    [Fact]
    public async Task Select_returns_series_sorted_with_data_in_range_only()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync(Tenant, TestBatch.Range("m", T0, 1000, 10, ("i", "b")));
        await store.ConsumeAsync(Tenant, TestBatch.Range("m", T0, 1000, 10, ("i", "a")));
        await store.ConsumeAsync(Tenant, TestBatch.Range("m", T0 + Hour, 1000, 10, ("i", "c")));

        var early = store.Select(Tenant, Name("m"), T0, T0 + Minute, 10);

        Assert.Equal(["a", "b"], early.Select(s => s.Labels.Get("i")));
        Assert.Throws<MetricLimitException>(() => store.Select(Tenant, Name("m"), long.MinValue, long.MaxValue, 2));
    }

    [Fact]
    public async Task Seek_moves_forward_only_and_skips_to_the_first_sample_at_or_after()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync(Tenant, TestBatch.Range("m", T0, 1000, 500));
        var it = Assert.Single(store.Select(Tenant, Name("m"), long.MinValue, long.MaxValue, 10)).Iterator();

        Assert.Equal(SampleKind.Float, it.Seek(T0 + 250_500));
        Assert.Equal(T0 + 251_000, it.TimestampMs);
        Assert.Equal(SampleKind.Float, it.Seek(T0));
        Assert.Equal(T0 + 251_000, it.TimestampMs);
        Assert.Equal(SampleKind.None, it.Seek(T0 + 500_000));
    }

    [Fact]
    public async Task Tenants_do_not_see_each_other()
    {
        var store = await _fixture.OpenAsync();
        await store.ConsumeAsync("other", TestBatch.One("m", T0, 1));

        Assert.Empty(store.Select(Tenant, Name("m"), long.MinValue, long.MaxValue, 10));
        Assert.Single(store.Select("other", Name("m"), long.MinValue, long.MaxValue, 10));
    }
}
