using Orrery.Receive.Otlp.Metrics;

namespace Orrery.Receive.Tests.Otlp.Metrics;

public class DeltaToCumulativeTests
{
    private const long S = 1_000_000_000;

    [Fact]
    public void Contiguous_deltas_add_up()
    {
        var deltas = new DeltaToCumulative();

        Assert.Equal(DeltaOutcome.Started, deltas.AddSum("a", 0 * S, 1 * S, 5, out var total));
        Assert.Equal(5, total);
        Assert.Equal(DeltaOutcome.Accumulated, deltas.AddSum("a", 1 * S, 2 * S, 3, out total));
        Assert.Equal(8, total);
        Assert.Equal(DeltaOutcome.Accumulated, deltas.AddSum("a", 2 * S, 3 * S, 0.5, out total));
        Assert.Equal(8.5, total);
    }

    [Fact]
    public void Series_are_kept_apart()
    {
        var deltas = new DeltaToCumulative();
        deltas.AddSum("a", 0, 1 * S, 5, out _);
        deltas.AddSum("b", 0, 1 * S, 7, out _);

        deltas.AddSum("a", 1 * S, 2 * S, 1, out var a);
        deltas.AddSum("b", 1 * S, 2 * S, 1, out var b);

        Assert.Equal((6.0, 8.0), (a, b));
    }

    [Fact]
    public void A_start_time_jump_starts_the_total_over()
    {
        var deltas = new DeltaToCumulative();
        deltas.AddSum("a", 0, 1 * S, 5, out _);
        deltas.AddSum("a", 1 * S, 2 * S, 5, out _);

        // The sender restarted at 10 s: its first delta starts after the last point.
        Assert.Equal(DeltaOutcome.Started, deltas.AddSum("a", 10 * S, 11 * S, 2, out var total));
        Assert.Equal(2, total);
        Assert.Equal(DeltaOutcome.Accumulated, deltas.AddSum("a", 11 * S, 12 * S, 1, out total));
        Assert.Equal(3, total);
    }

    [Theory]
    [InlineData(1, 2)]   // the same point again
    [InlineData(0, 1)]   // an older point
    [InlineData(1, 3)]   // overlaps the last point
    public void Points_not_after_the_last_one_are_out_of_order(int startSeconds, int endSeconds)
    {
        var deltas = new DeltaToCumulative();
        deltas.AddSum("a", 0, 1 * S, 5, out _);
        deltas.AddSum("a", 1 * S, 2 * S, 5, out _);

        var outcome = deltas.AddSum("a", startSeconds * S, endSeconds * S, 5, out _);

        Assert.Equal(DeltaOutcome.OutOfOrder, outcome);
        deltas.AddSum("a", 2 * S, 4 * S, 1, out var total);
        Assert.Equal(11, total);
    }

    [Fact]
    public void Histograms_add_per_bucket_and_restart_when_bounds_change()
    {
        var deltas = new DeltaToCumulative();
        ulong count = 3;
        var sum = 1.5;
        ulong[] counts = [1, 2];
        deltas.AddHistogram("h", 0, 1 * S, [1.0], counts, ref count, ref sum);
        counts = [4, 0];
        count = 4;
        sum = 2;
        Assert.Equal(DeltaOutcome.Accumulated, deltas.AddHistogram("h", 1 * S, 2 * S, [1.0], counts, ref count, ref sum));
        Assert.Equal([5UL, 2], counts);
        Assert.Equal((7UL, 3.5), (count, sum));

        counts = [1, 1, 1];
        count = 3;
        sum = 1;
        Assert.Equal(DeltaOutcome.Started, deltas.AddHistogram("h", 2 * S, 3 * S, [1.0, 2.0], counts, ref count, ref sum));
        Assert.Equal([1UL, 1, 1], counts);
        Assert.Equal(3UL, count);
    }

    [Fact]
    public void Series_idle_for_ten_minutes_are_forgotten()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var deltas = new DeltaToCumulative(clock);
        deltas.AddSum("old", 0, 1 * S, 5, out _);
        clock.Advance(TimeSpan.FromMinutes(5));
        deltas.AddSum("live", 0, 1 * S, 1, out _);
        clock.Advance(TimeSpan.FromMinutes(6));

        deltas.AddSum("live", 1 * S, 2 * S, 1, out var live);

        Assert.Equal(2, live);
        Assert.Equal(1, deltas.SeriesCount);
        // The forgotten series starts over.
        Assert.Equal(DeltaOutcome.Started, deltas.AddSum("old", 1 * S, 2 * S, 5, out var old));
        Assert.Equal(5, old);
    }

    [Fact]
    public void New_series_beyond_the_cap_are_refused()
    {
        var deltas = new DeltaToCumulative(maxSeries: 2);
        deltas.AddSum("a", 0, 1 * S, 1, out _);
        deltas.AddSum("b", 0, 1 * S, 1, out _);

        Assert.Equal(DeltaOutcome.Full, deltas.AddSum("c", 0, 1 * S, 1, out _));
        Assert.Equal(DeltaOutcome.Accumulated, deltas.AddSum("a", 1 * S, 2 * S, 1, out _));
    }
}
