using Orrery.Pipeline.Connectors;

namespace Orrery.Pipeline.Tests.Connectors;

public class HistogramTests
{
    [Theory]
    [InlineData(1.0, 0, 0)] // exact powers of two bound the bucket below them
    [InlineData(2.0, 0, 1)]
    [InlineData(1.5, 0, 1)]
    [InlineData(0.5, 0, -1)]
    [InlineData(0.75, 0, 0)]
    [InlineData(4.0, 1, 4)] // schema 1: bounds 2^(i/2)
    [InlineData(1.0, 3, 0)]
    [InlineData(1.0001, 3, 1)]
    [InlineData(16.0, -1, 2)] // schema -1: bounds 4^i
    public void Native_bucket_index_puts_values_at_or_below_the_upper_bound(double value, int schema, int index)
    {
        Assert.Equal(index, ExponentialHistogram.IndexOf(value, schema));
        Assert.True(value <= ExponentialHistogram.UpperBound(index, schema));
        Assert.True(value > ExponentialHistogram.UpperBound(index - 1, schema));
    }

    [Fact]
    public void Native_histogram_lowers_its_schema_to_stay_within_max_size_and_keeps_every_count()
    {
        var h = new ExponentialHistogram(maxSize: 8);
        double[] values = [0.001, 0.01, 0.1, 1, 10, 100];
        foreach (var v in values) h.Observe(v);
        var batch = new Orrery.Signals.Metrics.MetricBatch();
        var row = new Orrery.Signals.Metrics.HistogramRow();
        h.WriteTo(batch, ref row);
        Assert.True(row.PositiveBuckets.Count <= 8);
        Assert.Equal(6, batch.BucketCounts.AsSpan().ToArray().Sum());
        Assert.True(row.Schema < ExponentialHistogram.MaxSchema);
        // Every value still lies in the bucket its count is in.
        var span = batch.BucketSpans[row.PositiveSpans.Start];
        var counts = batch.BucketCounts.AsSpan().Slice(row.PositiveBuckets.Start, row.PositiveBuckets.Count).ToArray();
        foreach (var v in values)
        {
            var i = ExponentialHistogram.IndexOf(v, row.Schema) - span.Offset;
            Assert.InRange(i, 0, counts.Length - 1);
            Assert.True(counts[i] >= 1);
        }
    }

    [Theory]
    [InlineData(0.002, 0)]
    [InlineData(0.0021, 1)]
    [InlineData(0.0001, 0)]
    [InlineData(100.0, 3)] // +Inf
    public void Classic_buckets_include_their_upper_bound(double value, int bucket)
    {
        var h = new ExplicitHistogram([0.002, 0.004, 0.008], 0);
        Assert.Equal(bucket, h.Observe(value));
        Assert.Equal(1, h.Cumulative(3));
    }

    [Theory]
    [InlineData(0.002, "0.002")]
    [InlineData(16.384, "16.384")]
    [InlineData(1e-05, "0.00001")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(5.0, "5")]
    public void Le_values_are_written_as_prometheus_clients_write_them(double bound, string text) =>
        Assert.Equal(text, MetricText.Le(bound));

    [Theory]
    [InlineData("http.method", "http_method")]
    [InlineData("k8s.pod-name", "k8s_pod_name")]
    [InlineData("1st", "_1st")]
    public void Attribute_names_become_label_names(string attribute, string label) =>
        Assert.Equal(label, MetricText.LabelName(attribute));
}
