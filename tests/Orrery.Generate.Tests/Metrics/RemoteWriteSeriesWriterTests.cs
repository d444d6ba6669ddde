using Orrery.Generate.Metrics;
using Orrery.Signals.Metrics;
using Prometheus.Prompb;

namespace Orrery.Generate.Tests.Metrics;

public class RemoteWriteSeriesWriterTests
{
    public static TheoryData<int, double, int[]> Loads => new()
    {
        { 1, 0, [1, 3] },
        { 30, 0, [90] },
        { 100, 0.1, [37, 100, 163] }, // batches cross rounds; churn renames series between them
        { 5_000, 0, [2_000, 2_000, 2_000, 4_000] }, // several targets
    };

    [Theory]
    [MemberData(nameof(Loads))]
    public void Writes_the_same_request_bytes_as_encoding_the_filled_batch(int series, double churn, int[] batches)
    {
        var time = new SimulatedTime(1_700_000_000_000, 15_000, 5);
        var viaBatch = new SeriesSet(series, churn, "w3", 3_000_000, seed: 9, time);
        var direct = new SeriesSet(series, churn, "w3", 3_000_000, seed: 9, time);
        using var writer = new RemoteWriteSeriesWriter(direct);
        var batch = new MetricBatch();

        foreach (var samples in batches)
        {
            batch.Clear();
            viaBatch.Fill(batch, samples, nowMs: 0);

            var written = writer.Write(samples, nowMs: 0).ToArray();

            Assert.Equal(RemoteWriteEncoder.Encode(batch), written);
            Assert.Equal(viaBatch.CompletedRounds, direct.CompletedRounds);
        }
    }

    [Fact]
    public void The_compressed_request_decodes_with_the_reference_parser()
    {
        var set = new SeriesSet(30, churn: 0, "w0", 0, seed: 2);
        using var writer = new RemoteWriteSeriesWriter(set);

        var request = WriteRequest.Parser.ParseFrom(IronSnappy.Snappy.Decode(writer.WriteCompressed(30, nowMs: 5_000)));

        Assert.Equal(30, request.Timeseries.Count);
        Assert.All(request.Timeseries, t =>
        {
            Assert.Equal(t.Labels.Select(l => l.Name).Order(StringComparer.Ordinal), t.Labels.Select(l => l.Name));
            Assert.Equal(5_000, Assert.Single(t.Samples).Timestamp);
        });
        Assert.Contains(request.Metadata, m => m.MetricFamilyName == SeriesSet.HistogramName && m.Unit == "seconds");
    }
}
