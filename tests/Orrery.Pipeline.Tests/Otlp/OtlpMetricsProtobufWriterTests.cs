using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Metrics.V1;
using Orrery.Signals;
using Orrery.Signals.Metrics;
using Orrery.Signals.Otlp;

namespace Orrery.Pipeline.Tests.Otlp;

/// <summary>The metrics writer's output read back by Google.Protobuf's generated messages.</summary>
public sealed class OtlpMetricsProtobufWriterTests
{
    private const string TraceHex = "0af7651916cd43dd8448eb211c80319c";
    private const string SpanHex = "b7ad6b7169203331";

    [Fact]
    public void Counter_series_become_a_monotonic_cumulative_sum_with_labels_as_attributes_and_the_exemplar_on_the_last_point()
    {
        var batch = new MetricBatch();
        AddMetadata(batch, "http_requests", MetricType.Counter, "Requests served.");
        var series = AddSeries(batch, ("__name__", "http_requests_total"), ("job", "api"), ("code", "200"));
        batch.AddSample(series, 1_700_000_000_000, 5);
        batch.AddSample(series, 1_700_000_015_000, 7);
        var exemplarLabels = batch.Labels.Count;
        batch.AddLabel("span_id", SpanHex);
        batch.AddLabel("trace_id", TraceHex);
        batch.AddLabel("user", "alice");
        batch.Exemplars.Add(new ExemplarRow { Series = series, TimestampMs = 1_700_000_014_500, Value = 0.25, Labels = new RowRange(exemplarLabels, 3) });

        var request = ExportMetricsServiceRequest.Parser.ParseFrom(OtlpMetricsProtobufWriter.Write(batch));

        var metric = Assert.Single(Assert.Single(Assert.Single(request.ResourceMetrics).ScopeMetrics).Metrics);
        Assert.Equal("http_requests_total", metric.Name);
        Assert.Equal("Requests served.", metric.Description);
        Assert.Equal("", metric.Unit);
        Assert.Equal(Metric.DataOneofCase.Sum, metric.DataCase);
        Assert.True(metric.Sum.IsMonotonic);
        Assert.Equal(AggregationTemporality.Cumulative, metric.Sum.AggregationTemporality);
        Assert.Equal([1_700_000_000_000_000_000UL, 1_700_000_015_000_000_000UL], metric.Sum.DataPoints.Select(p => p.TimeUnixNano));
        Assert.Equal([5.0, 7.0], metric.Sum.DataPoints.Select(p => p.AsDouble));
        foreach (var point in metric.Sum.DataPoints)
        {
            Assert.Equal(["code=200", "job=api"], point.Attributes.Select(a => $"{a.Key}={a.Value.StringValue}"));
        }
        Assert.Empty(metric.Sum.DataPoints[0].Exemplars);
        var exemplar = Assert.Single(metric.Sum.DataPoints[1].Exemplars);
        Assert.Equal(TraceHex, Convert.ToHexStringLower(exemplar.TraceId.ToByteArray()));
        Assert.Equal(SpanHex, Convert.ToHexStringLower(exemplar.SpanId.ToByteArray()));
        Assert.Equal(0.25, exemplar.AsDouble);
        Assert.Equal(1_700_000_014_500_000_000UL, exemplar.TimeUnixNano);
        Assert.Equal(["user=alice"], exemplar.FilteredAttributes.Select(a => $"{a.Key}={a.Value.StringValue}"));
    }

    [Theory]
    [InlineData("jobs_total", MetricType.Counter, true)]
    [InlineData("jobs_total", null, true)]
    [InlineData("jobs_total", MetricType.Gauge, false)]
    [InlineData("jobs", MetricType.Counter, false)] // a Sum would come back with "_total" added to its name
    [InlineData("jobs", null, false)]
    [InlineData("latency_seconds_bucket", MetricType.Histogram, false)]
    [InlineData("latency_seconds_count", MetricType.Histogram, false)]
    public void Only_counters_named_with_total_become_sums(string name, MetricType? familyType, bool sum)
    {
        var batch = new MetricBatch();
        if (familyType is { } type)
        {
            var family = name.EndsWith("_total", StringComparison.Ordinal) ? name[..^6]
                : name.StartsWith("latency_seconds", StringComparison.Ordinal) ? "latency_seconds" : name;
            AddMetadata(batch, family, type, "");
        }
        batch.AddSample(AddSeries(batch, ("__name__", name)), 1000, 1);

        var metric = ExportMetricsServiceRequest.Parser.ParseFrom(OtlpMetricsProtobufWriter.Write(batch)).ResourceMetrics[0].ScopeMetrics[0].Metrics[0];

        Assert.Equal(name, metric.Name);
        Assert.Equal(sum ? Metric.DataOneofCase.Sum : Metric.DataOneofCase.Gauge, metric.DataCase);
    }

    [Fact]
    public void A_stale_marker_is_a_point_flagged_as_having_no_recorded_value()
    {
        var batch = new MetricBatch();
        var series = AddSeries(batch, ("__name__", "up"), ("instance", "a:9100"));
        batch.AddSample(series, 1000, 1);
        batch.AddSample(series, 2000, StaleMarker.Value);
        batch.AddSample(series, 3000, double.NaN);

        var points = ExportMetricsServiceRequest.Parser.ParseFrom(OtlpMetricsProtobufWriter.Write(batch)).ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Gauge.DataPoints;

        Assert.Equal(3, points.Count);
        Assert.Equal((NumberDataPoint.ValueOneofCase.AsDouble, 0u), (points[0].ValueCase, points[0].Flags));
        Assert.Equal((NumberDataPoint.ValueOneofCase.None, 1u), (points[1].ValueCase, points[1].Flags));
        Assert.True(double.IsNaN(points[2].AsDouble)); // an ordinary NaN is a value
        Assert.Equal(0u, points[2].Flags);
    }

    [Fact]
    public void A_native_histogram_becomes_an_exponential_histogram_with_dense_buckets_one_index_lower()
    {
        var batch = new MetricBatch();
        var series = AddSeries(batch, ("__name__", "rpc_duration_seconds"), ("job", "api"));
        // Positive buckets at Prometheus indexes 2, 3 and 5 (spans: offset 2 length 2, then a gap of 1, length 1);
        // negative bucket at index -1.
        var positiveSpans = AddSpans(batch, (2, 2), (1, 1));
        var positiveCounts = AddCounts(batch, 3, 4, 5);
        var negativeSpans = AddSpans(batch, (-1, 1));
        var negativeCounts = AddCounts(batch, 2);
        batch.Histograms.Add(new HistogramRow
        {
            Series = series,
            TimestampMs = 5000,
            Schema = -2,
            ZeroThreshold = 0.001,
            ZeroCount = 1,
            Count = 15,
            Sum = 42.5,
            PositiveSpans = positiveSpans,
            PositiveBuckets = positiveCounts,
            NegativeSpans = negativeSpans,
            NegativeBuckets = negativeCounts,
        });

        var metric = Assert.Single(ExportMetricsServiceRequest.Parser.ParseFrom(OtlpMetricsProtobufWriter.Write(batch)).ResourceMetrics[0].ScopeMetrics[0].Metrics);

        Assert.Equal(Metric.DataOneofCase.ExponentialHistogram, metric.DataCase);
        Assert.Equal(AggregationTemporality.Cumulative, metric.ExponentialHistogram.AggregationTemporality);
        var point = Assert.Single(metric.ExponentialHistogram.DataPoints);
        Assert.Equal(5_000_000_000UL, point.TimeUnixNano);
        Assert.Equal((-2, 15UL, 42.5, 1UL, 0.001), (point.Scale, point.Count, point.Sum, point.ZeroCount, point.ZeroThreshold));
        Assert.Equal(1, point.Positive.Offset);
        Assert.Equal([3UL, 4UL, 0UL, 5UL], point.Positive.BucketCounts);
        Assert.Equal(-2, point.Negative.Offset);
        Assert.Equal([2UL], point.Negative.BucketCounts);
        Assert.Equal(["job=api"], point.Attributes.Select(a => $"{a.Key}={a.Value.StringValue}"));
    }

    [Fact]
    public void Custom_bucket_histograms_have_no_otlp_form_and_are_left_out()
    {
        var batch = new MetricBatch();
        var series = AddSeries(batch, ("__name__", "custom"));
        batch.Histograms.Add(new HistogramRow { Series = series, TimestampMs = 1, Schema = -53, Count = 1, Sum = 1 });
        var gauge = AddSeries(batch, ("__name__", "kept"));
        batch.AddSample(gauge, 1, 2);

        var metrics = ExportMetricsServiceRequest.Parser.ParseFrom(OtlpMetricsProtobufWriter.Write(batch)).ResourceMetrics[0].ScopeMetrics[0].Metrics;

        Assert.Equal(["kept"], metrics.Select(m => m.Name));
    }

    [Fact]
    public void Every_series_with_samples_is_a_metric_of_its_own_in_series_order_and_samples_keep_their_order()
    {
        var batch = new MetricBatch();
        var a = AddSeries(batch, ("__name__", "a"));
        var b = AddSeries(batch, ("__name__", "b"));
        var idle = AddSeries(batch, ("__name__", "idle"));
        batch.AddSample(b, 2, 20);
        batch.AddSample(a, 1, 10);
        batch.AddSample(b, 3, 30);
        _ = idle;

        var metrics = ExportMetricsServiceRequest.Parser.ParseFrom(OtlpMetricsProtobufWriter.Write(batch)).ResourceMetrics[0].ScopeMetrics[0].Metrics;

        Assert.Equal(["a", "b"], metrics.Select(m => m.Name));
        Assert.Equal([20.0, 30.0], metrics[1].Gauge.DataPoints.Select(p => p.AsDouble));
    }

    [Fact]
    public void An_empty_batch_is_an_empty_request()
    {
        Assert.Empty(ExportMetricsServiceRequest.Parser.ParseFrom(OtlpMetricsProtobufWriter.Write(new MetricBatch())).ResourceMetrics);
    }

    private static int AddSeries(MetricBatch batch, params (string Name, string Value)[] labels)
    {
        batch.BeginSeries();
        foreach (var (name, value) in labels) batch.AddLabel(name, value);
        return batch.EndSeries(out _);
    }

    private static void AddMetadata(MetricBatch batch, string family, MetricType type, string help) =>
        batch.Metadata.Add(new MetadataRow { MetricFamily = batch.Bytes.Append(family), Type = type, Help = batch.Bytes.Append(help) });

    private static RowRange AddSpans(MetricBatch batch, params (int Offset, uint Length)[] spans)
    {
        var start = batch.BucketSpans.Count;
        foreach (var (offset, length) in spans) batch.BucketSpans.Add(new BucketSpanRow { Offset = offset, Length = length });
        return new RowRange(start, spans.Length);
    }

    private static RowRange AddCounts(MetricBatch batch, params double[] counts)
    {
        var start = batch.BucketCounts.Count;
        foreach (var count in counts) batch.BucketCounts.Add(count);
        return new RowRange(start, counts.Length);
    }
}
