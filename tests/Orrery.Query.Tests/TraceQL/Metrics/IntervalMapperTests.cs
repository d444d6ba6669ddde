using Orrery.Query.TraceQL.Metrics;

namespace Orrery.Query.Tests.TraceQL.Metrics;

public class IntervalMapperTests
{
    private const long S = 1_000_000_000;

    [Theory]
    // start 1000 s, end 1060 s, step 15 s: start aligns down to 990 then one more step (975); end up to 1065.
    [InlineData(1000, 1060, 15, 975, 1065, 6)]
    [InlineData(1000, 1060, 10, 990, 1060, 7)]
    [InlineData(5, 20, 10, 0, 20, 2)]
    public void Range_alignment_follows_tempo(long start, long end, long step, long alignedStart, long alignedEnd, int count)
    {
        var mapper = IntervalMapper.ForRange(start * S, end * S, step * S);

        Assert.Equal(alignedStart * S, mapper.Start);
        Assert.Equal(alignedEnd * S, mapper.End);
        Assert.Equal(count, mapper.Count);
    }

    [Theory]
    [InlineData(990, -1)]
    [InlineData(990.000000001, 0)]
    [InlineData(1000, 0)]
    [InlineData(1000.5, 1)]
    [InlineData(1060, 6)]
    [InlineData(1060.000000001, -1)]
    public void Timestamps_on_a_boundary_close_the_interval_before_it(double seconds, int interval)
    {
        var mapper = IntervalMapper.ForRange(1000 * S, 1060 * S, 10 * S);

        Assert.Equal(interval, mapper.Interval((long)Math.Round(seconds * S)));
    }

    [Fact]
    public void Instant_has_one_closed_interval_reported_at_end()
    {
        var mapper = IntervalMapper.ForInstant(100 * S, 200 * S);

        Assert.Equal(1, mapper.Count);
        Assert.Equal(0, mapper.Interval(100 * S));
        Assert.Equal(0, mapper.Interval(200 * S));
        Assert.Equal(-1, mapper.Interval((200 * S) + 1));
        Assert.Equal(200 * S, mapper.TimestampOf(0));
        Assert.Equal(100 * S, mapper.Step);
    }

    [Theory]
    [InlineData(3600, 15)]
    [InlineData(6 * 3600, 60)]
    [InlineData(24 * 3600, 300)]
    [InlineData(300, 1)]
    [InlineData(30, 0.1)]
    [InlineData(5, 0.05)]
    public void Default_step_aims_at_240_points(long rangeSeconds, double stepSeconds)
    {
        Assert.Equal((long)Math.Round(stepSeconds * S), DefaultStep.For(0, rangeSeconds * S));
    }

    [Theory]
    [InlineData(0, -1)]
    [InlineData(1, -1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 4)]
    [InlineData(5, 8)]
    [InlineData(1_000_000_000, 1L << 30)]
    public void Log2_buckets_round_up_to_a_power_of_two(long value, long bucket)
    {
        Assert.Equal(bucket, Log2Histogram.Bucketize(value));
    }
}
