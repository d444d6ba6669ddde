using Orrery.Generate.Metrics;
using Orrery.Signals.Metrics;

namespace Orrery.Generate.Tests.Metrics;

public class SimulatedTimeTests
{
    private const long Start = 1_700_000_000_000;

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(400)]
    public void Each_round_is_one_interval_later_and_a_target_shares_one_timestamp_per_round(int jitterMs)
    {
        var time = new SimulatedTime(Start, 15_000, jitterMs);
        var set = new SeriesSet(2_500, churn: 0, "w0", 0, seed: 1, time);
        var batch = new MetricBatch();

        set.Fill(batch, 2_500 * 4, nowMs: 0); // the clock is ignored

        var rows = Enumerable.Range(0, batch.Samples.Count).Select(i => (Instance: Label(batch, batch.Samples[i].Series, "instance"), batch.Samples[i].TimestampMs, Round: i / 2_500)).ToList();
        Assert.All(rows, r => Assert.InRange(r.TimestampMs, Start + (r.Round * 15_000L), Start + ((r.Round + 1) * 15_000L) - 1));
        var perTargetAndRound = rows.GroupBy(r => (r.Instance, r.Round)).ToList();
        Assert.All(perTargetAndRound, g => Assert.Single(g.Select(r => r.TimestampMs).Distinct()));
        Assert.Equal(2, rows.Select(r => r.Instance).Distinct().Count()); // ~1,600 series a target
        Assert.True(rows.Where(r => r.Round == 0).Select(r => r.TimestampMs).Distinct().Count() > 1, "targets are scraped at different offsets");
        Assert.Equal(4, set.CompletedRounds);
    }

    [Fact]
    public void Jitter_moves_a_targets_timestamp_from_round_to_round_within_its_bound()
    {
        var time = new SimulatedTime(Start, 15_000, 5);
        var steps = Enumerable.Range(1, 200).Select(r => time.TimestampOf(r, 7) - time.TimestampOf(r - 1, 7)).ToList();

        Assert.All(steps, s => Assert.InRange(s, 15_000 - 10, 15_000 + 10));
        Assert.True(steps.Distinct().Count() > 3, "steps vary with the jitter");
    }

    [Theory]
    [InlineData(15_000, 7_500)]
    [InlineData(0, 0)]
    [InlineData(1_000, -1)]
    public void Jitter_of_half_the_interval_or_more_and_empty_intervals_are_refused(long intervalMs, int jitterMs) =>
        Assert.Throws<ArgumentException>(() => new SimulatedTime(Start, intervalMs, jitterMs).Validate());

    [Fact]
    public void Large_sets_spread_over_metric_families_and_targets_and_keep_the_first_familys_names()
    {
        var set = new SeriesSet(10_000, churn: 0, "w0", 0, seed: 1);
        var batch = new MetricBatch();
        set.Fill(batch, 10_000, nowMs: 1_000);

        var names = Enumerable.Range(0, batch.Series.Count).Select(s => Label(batch, s, "__name__")).ToList();
        Assert.Contains(SeriesSet.CounterName, names);
        Assert.Contains(SeriesSet.GaugeName, names);
        Assert.Contains(SeriesSet.HistogramName + "_bucket", names);
        Assert.Contains("orrery_gen_http_requests_total", names);
        Assert.Equal(50, names.Distinct().Count()); // 10 families × (gauge, counter, bucket, sum, count)
        Assert.Equal(7, Enumerable.Range(0, batch.Series.Count).Select(s => Label(batch, s, "instance")).Distinct().Count());
        Assert.True(names.GroupBy(n => n).Max(g => g.Count()) <= 10_000 / 10, "no name dominates");
    }

    [Fact]
    public void Last_round_of_a_batch_counts_the_rounds_it_reaches()
    {
        var set = new SeriesSet(100, churn: 0, "w0", 0, seed: 1, new SimulatedTime(Start));
        Assert.Equal(0, set.LastRoundOf(100));
        Assert.Equal(1, set.LastRoundOf(101));
        set.Fill(new MetricBatch(), 150, 0);
        Assert.Equal(1, set.CompletedRounds);
        Assert.Equal(1, set.LastRoundOf(50));
        Assert.Equal(2, set.LastRoundOf(51));
    }

    private static string Label(MetricBatch batch, int series, string name)
    {
        foreach (var label in batch.LabelsOf(series).ToArray())
        {
            if (batch.String(label.Name) == name) return batch.String(label.Value);
        }
        throw new InvalidOperationException("no label " + name);
    }
}
