using Orrery.Pipeline.Components;
using Orrery.Pipeline.Processors;
using Orrery.Pipeline.Processors.Limits;
using Orrery.Signals;

namespace Orrery.Pipeline.Tests.Processors;

public class MemoryLimiterTests
{
    private const long MiB = 1024 * 1024;

    [Theory]
    // limit 100 MiB, spike 20 MiB: the soft limit is 80 MiB
    [InlineData(80 * MiB - 1, false)]
    [InlineData(80 * MiB, true)]
    [InlineData(99 * MiB, true)]
    [InlineData(0, false)]
    public void Refuses_at_and_above_the_soft_limit(long inUse, bool refused)
    {
        var limiter = Limiter("limit_mib: 100\nspike_limit_mib: 20\n", () => inUse, new ManualTime());

        var e = Record.Exception(limiter.Admit);

        if (!refused)
        {
            Assert.Null(e);
            return;
        }
        var rejected = Assert.IsType<ConsumerRejectedException>(e);
        Assert.True(rejected.Retryable);
        Assert.Equal(TimeSpan.FromSeconds(1), rejected.RetryAfter);
    }

    [Fact]
    public void Memory_is_sampled_once_per_check_interval()
    {
        var time = new ManualTime();
        var inUse = 90 * MiB;
        var samples = 0;
        var limiter = Limiter("check_interval: 5s\nlimit_mib: 100\n", () => { samples++; return inUse; }, time);

        Assert.Throws<ConsumerRejectedException>(limiter.Admit);
        inUse = 10 * MiB;
        time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.Throws<ConsumerRejectedException>(limiter.Admit);
        time.Advance(TimeSpan.FromTicks(1));
        limiter.Admit();

        // Two checks; the first, above the soft limit, measures again after the full collection it forces.
        Assert.Equal(3, samples);
    }

    [Fact]
    public void Above_the_soft_limit_a_full_collection_is_forced_at_most_once_a_second()
    {
        var time = new ManualTime();
        var samples = 0;
        var limiter = Limiter("check_interval: 100ms\nlimit_mib: 100\n", () => { samples++; return 90 * MiB; }, time);

        for (var i = 0; i < 10; i++)
        {
            Assert.Throws<ConsumerRejectedException>(limiter.Admit);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        // Ten checks in one second: one of them (the first) collected and measured twice.
        Assert.Equal(11, samples);
    }

    [Fact]
    public void Percentages_are_of_the_available_memory()
    {
        var settings = MemoryLimiterSettings.Parse(TestContext.Settings("memory_limiter", "limit_percentage: 50\nspike_limit_percentage: 10\n"), availableBytes: 1000 * MiB);

        Assert.Equal(500 * MiB, settings.HardLimitBytes);
        Assert.Equal(400 * MiB, settings.SoftLimitBytes);
    }

    [Theory]
    [InlineData("check_interval: 1s\n", "set limit_mib or limit_percentage")]
    [InlineData("limit_mib: 100\nspike_limit_mib: 100\n", "spike_limit_mib must be")]
    [InlineData("limit_mib: 100\nlimit_percentage: 5\n", "not both")]
    [InlineData("limit_percentage: 101\n", "between 1 and 100")]
    [InlineData("limit_mib: 100\ncheck_interval: 0s\n", "greater than zero")]
    [InlineData("limit_mib: lots\n", "must be an integer")]
    [InlineData("limit: 100\n", "unknown setting")]
    public void Bad_settings_are_refused(string yaml, string reason)
    {
        var e = Assert.Throws<PipelineConfigException>(() => new MemoryLimiterProcessorFactory().Validate(TestContext.Settings("memory_limiter", yaml)));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_batch_never_reaches_the_next_stage()
    {
        var next = new RecordingTraces();
        var processor = new MemoryLimiterProcessorFactory().CreateTraces(TestContext.Settings("memory_limiter", "limit_mib: 1\nspike_limit_mib: 0\n"), next, TestContext.Create());

        // A test process holds far more than 1 MiB of managed heap.
        await Assert.ThrowsAsync<ConsumerRejectedException>(async () => await processor.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Build()));

        Assert.Empty(next.Received);
    }

    [Fact]
    public void The_last_measurement_is_published_as_a_gauge_after_the_forced_collection()
    {
        var time = new ManualTime();
        var context = TestContext.Create(time);
        var readings = new Queue<long>([90 * MiB, 30 * MiB]); // before and after the collection it forces
        var limiter = new MemoryLimiter(MemoryLimiterSettings.Parse(TestContext.Settings("memory_limiter", "limit_mib: 100\n")), context, "memory_limiter", readings.Dequeue);
        long? gauge = null;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, context.Meter) && instrument.Name == "orrery_processor_memory_limiter_memory_in_use") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => gauge = value);
        listener.Start();

        limiter.Admit();
        listener.RecordObservableInstruments();

        Assert.Equal(30 * MiB, gauge);
    }

    private static MemoryLimiter Limiter(string yaml, Func<long> inUse, ManualTime time) =>
        new(MemoryLimiterSettings.Parse(TestContext.Settings("memory_limiter", yaml)), TestContext.Create(time), "memory_limiter", inUse);
}
