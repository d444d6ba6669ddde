using Orrery.Signals.Metrics;

namespace Orrery.Signals.Tests;

public class MetricBatchPoolTests
{
    [Fact]
    public void A_returned_batch_comes_back_cleared()
    {
        var pool = new MetricBatchPool(capacity: 2, maxArenaBytes: 1 << 20);
        var batch = new MetricBatch();
        batch.BeginSeries();
        batch.AddLabel("__name__", "up");
        batch.AddSample(batch.EndSeries(out _), 1000, 1);

        pool.Return(batch);

        Assert.True(pool.TryRent(out var rented));
        Assert.Same(batch, rented);
        Assert.Equal((0, 0, 0, 0), (rented.Series.Count, rented.Labels.Count, rented.Samples.Count, rented.Bytes.Length));
        Assert.False(pool.TryRent(out _));
    }

    [Fact]
    public void It_keeps_at_most_its_capacity_and_no_outsized_batch()
    {
        var pool = new MetricBatchPool(capacity: 2, maxArenaBytes: 64 * 1024);
        var outsized = new MetricBatch();
        outsized.Bytes.Reserve(100 * 1024, out _);

        pool.Return(outsized);
        pool.Return(new MetricBatch());
        pool.Return(new MetricBatch());
        pool.Return(new MetricBatch());

        Assert.Equal(2, pool.Count);
    }
}
