using Orrery.Pipeline.Processors;
using Orrery.Pipeline.Processors.Limits;
using Orrery.Signals;

namespace Orrery.Pipeline.Tests.Processors;

public class RateLimiterTests
{
    [Theory]
    // 10 items/s, burst 20: a full bucket takes exactly 20, not 21
    [InlineData(new long[] { 20 }, new[] { true })]
    [InlineData(new long[] { 15, 5 }, new[] { true, true })]
    [InlineData(new long[] { 15, 6 }, new[] { true, false })]
    [InlineData(new long[] { 15, 6, 5 }, new[] { true, false, true })]
    [InlineData(new long[] { 0, 20, 1 }, new[] { true, true, false })]
    public void Items_are_admitted_while_the_bucket_holds_them(long[] batches, bool[] admitted)
    {
        var limiter = Limiter("items_per_second: 10\nitems_burst: 20\n", new ManualTime());

        var results = batches.Select(n => Record.Exception(() => limiter.Admit("t", n, 0)) is null).ToArray();

        Assert.Equal(admitted, results);
    }

    [Fact]
    public void The_bucket_refills_at_the_rate_and_the_refusal_says_when()
    {
        var time = new ManualTime();
        var limiter = Limiter("items_per_second: 10\nitems_burst: 20\n", time);
        limiter.Admit("t", 20, 0);

        var refused = Assert.Throws<ConsumerRejectedException>(() => limiter.Admit("t", 5, 0));
        Assert.True(refused.Retryable);
        Assert.Equal(TimeSpan.FromSeconds(0.5), refused.RetryAfter);

        time.Advance(TimeSpan.FromSeconds(0.5));
        limiter.Admit("t", 5, 0);
        Assert.Throws<ConsumerRejectedException>(() => limiter.Admit("t", 1, 0));
    }

    [Fact]
    public void Tenants_have_their_own_buckets_and_overrides()
    {
        var limiter = Limiter("items_per_second: 10\ntenants:\n  big:\n    items_per_second: 100\n", new ManualTime());

        limiter.Admit("a", 10, 0);
        limiter.Admit("b", 10, 0);
        limiter.Admit("big", 100, 0);

        Assert.Throws<ConsumerRejectedException>(() => limiter.Admit("a", 1, 0));
        Assert.Throws<ConsumerRejectedException>(() => limiter.Admit("big", 1, 0));
    }

    [Fact]
    public void Bytes_are_limited_independently_of_items()
    {
        var limiter = Limiter("items_per_second: 1000\nbytes_per_second: 100\nbytes_burst: 150\n", new ManualTime());

        limiter.Admit("t", 1, 150);

        Assert.Throws<ConsumerRejectedException>(() => limiter.Admit("t", 1, 1));
    }

    [Fact]
    public void A_batch_larger_than_the_burst_is_refused_for_good()
    {
        var limiter = Limiter("items_per_second: 10\n", new ManualTime());

        var refused = Assert.Throws<ConsumerRejectedException>(() => limiter.Admit("t", 11, 0));

        Assert.False(refused.Retryable);
    }

    [Fact]
    public async Task The_processor_counts_spans_as_items()
    {
        var next = new RecordingTraces();
        var processor = new RateLimitProcessorFactory().CreateTraces(TestContext.Settings("rate_limiter", "items_per_second: 3\n"), next, TestContext.Create(new ManualTime()));

        await processor.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Span("b").Build());
        await Assert.ThrowsAsync<ConsumerRejectedException>(async () => await processor.ConsumeAsync("t", new SpanBatchBuilder().Span("c").Span("d").Build()));

        Assert.Single(next.Received);
    }

    private static RateLimiter Limiter(string yaml, ManualTime time) =>
        new(RateLimitSettings.Parse(TestContext.Settings("rate_limiter", yaml)), TestContext.Create(time), "rate_limiter");
}
