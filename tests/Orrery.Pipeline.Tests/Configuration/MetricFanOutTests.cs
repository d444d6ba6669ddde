using Orrery.Pipeline.Configuration;
using Orrery.Signals.Metrics;

namespace Orrery.Pipeline.Tests.Configuration;

/// <summary>Whether a fan-out hands the caller's batch back: only the consumer that got the original decides.</summary>
public class MetricFanOutTests
{
    [Theory]
    [InlineData(false, true, true)]
    [InlineData(true, false, false)]
    [InlineData(true, true, true)]
    [InlineData(false, false, false)]
    public async Task The_batch_is_released_when_the_consumer_given_the_original_releases_it(bool firstReleases, bool lastReleases, bool released)
    {
        var first = new Consumer(firstReleases);
        var last = new Consumer(lastReleases);
        var batch = new MetricBatch();
        batch.BeginSeries();
        batch.AddLabel("__name__", "up");
        batch.AddSample(batch.EndSeries(out _), 1000, 1);

        var result = await FanOut.Of([first, last]).ConsumeAsync("t", batch);

        Assert.Equal(released, result.BatchReleased);
        // The last consumer got the caller's batch; the others a copy of it.
        Assert.Same(batch, last.Got);
        Assert.NotSame(batch, first.Got);
        Assert.Equal(1, first.Got!.Samples.Count);
    }

    private sealed class Consumer(bool releases) : IMetricConsumer
    {
        public MetricBatch? Got { get; private set; }

        public ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
        {
            Got = batch;
            return ValueTask.FromResult(MetricWriteResult.AllAccepted(batch) with { BatchReleased = releases });
        }
    }
}
