using Orrery.Generate.Metrics;
using Orrery.Signals.Metrics;
using Prometheus.Prompb;

namespace Orrery.Generate.Tests.Metrics;

public class SeriesSetTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(1_000)]
    public void One_round_writes_each_of_the_series_once(int series)
    {
        var set = new SeriesSet(series, churn: 0, "w0", 0, seed: 1);
        var batch = new MetricBatch();

        set.Fill(batch, series, nowMs: 1_000);

        Assert.Equal(series, batch.Samples.Count);
        Assert.Equal(series, Enumerable.Range(0, batch.Series.Count).Select(s => Key(batch, s)).Distinct().Count());
    }

    [Fact]
    public void The_remote_write_request_decodes_with_the_reference_parser_and_histograms_are_cumulative()
    {
        var set = new SeriesSet(30, churn: 0, "w0", 0, seed: 2);
        var batch = new MetricBatch();
        set.Fill(batch, 90, nowMs: 5_000); // three rounds

        var request = WriteRequest.Parser.ParseFrom(IronSnappy.Snappy.Decode(RemoteWriteEncoder.EncodeCompressed(batch)));

        Assert.Equal(90, request.Timeseries.Sum(t => t.Samples.Count));
        Assert.Contains(request.Metadata, m => m.MetricFamilyName == SeriesSet.CounterName && m.Type == MetricMetadata.Types.MetricType.Counter);
        var byLabels = request.Timeseries.GroupBy(t => string.Join(",", t.Labels.Select(l => l.Name + "=" + l.Value)));
        Assert.All(byLabels, g =>
        {
            var times = g.SelectMany(t => t.Samples).Select(s => s.Timestamp).ToList();
            Assert.Equal(3, times.Count);
            Assert.True(times[0] < times[1] && times[1] < times[2], "timestamps of a series only grow");
        });
        foreach (var round in request.Timeseries.GroupBy(t => t.Samples[0].Timestamp))
        {
            var buckets = round.Where(t => Name(t) == SeriesSet.HistogramName + "_bucket").ToList();
            var count = round.Where(t => Name(t) == SeriesSet.HistogramName + "_count").ToList();
            Assert.NotEmpty(buckets);
            foreach (var histogram in buckets.GroupBy(SeriesId))
            {
                var values = histogram.Select(t => t.Samples[0].Value).ToList();
                Assert.Equal(values.Order(), values);
                Assert.Equal(count.Single(c => SeriesId(c) == histogram.Key).Samples[0].Value, values[^1]);
            }
        }
    }

    [Fact]
    public void Churn_replaces_that_share_of_the_series_after_each_round()
    {
        var set = new SeriesSet(100, churn: 0.1, "w0", 0, seed: 3);
        var batch = new MetricBatch();
        set.Fill(batch, 100, 1_000);
        var first = Keys(batch);
        var replacedAfterFirstRound = set.Replaced;
        batch.Clear();

        set.Fill(batch, 100, 2_000);
        var second = Keys(batch);

        Assert.Equal(100, second.Count);
        var replaced = second.Except(first).Count();
        // 100 series are 22 units (6 × gauge, counter, 14-series histogram; 4 gauges): a tenth is 2.2,
        // so the first round replaces units 0 and 1, a gauge and a counter.
        Assert.Equal(2, replaced);
        Assert.Equal(replaced, replacedAfterFirstRound);
    }

    private static HashSet<string> Keys(MetricBatch batch) => [.. Enumerable.Range(0, batch.Series.Count).Select(s => Key(batch, s))];

    private static string Key(MetricBatch batch, int series) =>
        string.Join(",", batch.LabelsOf(series).ToArray().Select(l => batch.String(l.Name) + "=" + batch.String(l.Value)));

    private static string Name(TimeSeries t) => t.Labels.Single(l => l.Name == "__name__").Value;

    private static string SeriesId(TimeSeries t) => t.Labels.Single(l => l.Name == "series_id").Value;
}
