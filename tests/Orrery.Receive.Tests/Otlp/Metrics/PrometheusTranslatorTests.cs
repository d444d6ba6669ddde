using OpenTelemetry.Proto.Metrics.V1;
using Orrery.Receive.Otlp.Metrics;
using Orrery.Signals.Metrics;
using static Orrery.Receive.Tests.Otlp.Metrics.MetricsSamples;
using AggregationTemporality = OpenTelemetry.Proto.Metrics.V1.AggregationTemporality;

namespace Orrery.Receive.Tests.Otlp.Metrics;

public class PrometheusTranslatorTests
{
    /// <summary>The labels every series of <see cref="MetricsSamples.Request(Metric[])"/> gets, in name order.</summary>
    private const string Common = "instance=\"pod-1\", job=\"shop/checkout\", otel_scope_name=\"test.scope\", otel_scope_version=\"1.2.3\"";

    private static readonly long T1 = T0Ms + 1000;

    /// <summary>The labels of a bucket series: <c>le</c> sorts between <c>job</c> and <c>otel_scope_name</c>.</summary>
    private static string Bucket(string le) =>
        $"instance=\"pod-1\", job=\"shop/checkout\", le=\"{le}\", otel_scope_name=\"test.scope\", otel_scope_version=\"1.2.3\"";

    [Fact]
    public void Gauge_becomes_a_gauge_with_resource_and_scope_labels()
    {
        var (batch, result) = Translate(Request(Gauge("queue.depth", "{item}", Number(7, 1, Kv("queue", "orders")))));

        Assert.Equal(new TranslationResultShape(1, 0), Shape(result));
        Assert.Contains($"queue_depth{{{Common}, queue=\"orders\"}} 7 @{T1}", MetricBatchText.Samples(batch));
        Assert.Contains("queue_depth Gauge help=\"queue.depth help\" unit=\"\"", MetricBatchText.Metadata(batch));
    }

    [Fact]
    public void Monotonic_cumulative_sum_is_a_counter_with_total_and_exemplars()
    {
        var point = Number(42, 1);
        point.Exemplars.Add(Exemplar(1, 1, TraceIdBytes, SpanIdBytes, Kv("user.id", "u7")));
        var (batch, _) = Translate(Request(Sum("http.requests", "1", true, AggregationTemporality.Cumulative, point)));

        Assert.Equal([$"http_requests_total{{{Common}}} 42 @{T1}"], MetricBatchText.Samples(batch).Where(s => s.StartsWith("http", StringComparison.Ordinal)));
        Assert.Equal(
            [$"http_requests_total{{{Common}}} 1 @{T1} {{span_id=\"b7ad6b7169203331\", trace_id=\"0af7651916cd43dd8448eb211c80319c\", user_id=\"u7\"}}"],
            MetricBatchText.Exemplars(batch));
        Assert.Contains("http_requests_total Counter help=\"http.requests help\" unit=\"\"", MetricBatchText.Metadata(batch));
    }

    [Fact]
    public void Non_monotonic_sum_is_a_gauge_without_exemplars()
    {
        var point = Number(-3, 1);
        point.Exemplars.Add(Exemplar(1, 1, TraceIdBytes, SpanIdBytes));
        var (batch, _) = Translate(Request(Sum("active.requests", "{request}", false, AggregationTemporality.Cumulative, point)));

        Assert.Contains($"active_requests{{{Common}}} -3 @{T1}", MetricBatchText.Samples(batch));
        Assert.Empty(batch.Exemplars.AsSpan().ToArray());
        Assert.Contains("active_requests Gauge help=\"active.requests help\" unit=\"\"", MetricBatchText.Metadata(batch));
    }

    [Fact]
    public void Histogram_becomes_cumulative_buckets_sum_and_count_with_exemplars_on_their_bucket()
    {
        var point = HistogramPoint([0.1, 0.5, 1], [2, 3, 0, 1], 4.2, 1);
        point.Exemplars.Add(Exemplar(0.3, 1, TraceIdBytes, SpanIdBytes));
        point.Exemplars.Add(Exemplar(7, 1, TraceIdBytes, SpanIdBytes));
        point.Exemplars.Add(Exemplar(0.1, 1));
        var (batch, result) = Translate(Request(Histogram("http.server.duration", "s", AggregationTemporality.Cumulative, point)));

        Assert.Equal(new TranslationResultShape(1, 0), Shape(result));
        var samples = MetricBatchText.Samples(batch);
        Assert.Equal(
            [
                $"http_server_duration_seconds_count{{{Common}}} 6 @{T1}",
                $"http_server_duration_seconds_sum{{{Common}}} 4.2 @{T1}",
                $"http_server_duration_seconds_bucket{{{Bucket("0.1")}}} 2 @{T1}",
                $"http_server_duration_seconds_bucket{{{Bucket("0.5")}}} 5 @{T1}",
                $"http_server_duration_seconds_bucket{{{Bucket("1")}}} 5 @{T1}",
                $"http_server_duration_seconds_bucket{{{Bucket("+Inf")}}} 6 @{T1}",
            ],
            samples.Where(s => s.StartsWith("http", StringComparison.Ordinal)));
        var exemplars = MetricBatchText.Exemplars(batch);
        Assert.StartsWith($"http_server_duration_seconds_bucket{{{Bucket("0.5")}}} 0.3", exemplars[0]);
        Assert.StartsWith($"http_server_duration_seconds_bucket{{{Bucket("+Inf")}}} 7", exemplars[1]);
        Assert.Equal($"http_server_duration_seconds_bucket{{{Bucket("0.1")}}} 0.1 @{T1} {{}}", exemplars[2]);
        Assert.Contains("http_server_duration_seconds Histogram help=\"http.server.duration help\" unit=\"seconds\"", MetricBatchText.Metadata(batch));
    }

    [Fact]
    public void Histogram_whose_bucket_counts_do_not_fit_its_bounds_is_rejected_alone()
    {
        var good = HistogramPoint([1], [1, 1], 2, 1, Kv("route", "/a"));
        var bad = HistogramPoint([1, 2], [1, 1], 2, 1, Kv("route", "/b"));
        var (batch, result) = Translate(Request(Histogram("latency", "ms", AggregationTemporality.Cumulative, good, bad)));

        Assert.Equal(new TranslationResultShape(1, 1), Shape(result));
        Assert.Contains("metric \"latency\" data point 1: 2 bucket counts do not fit 2 explicit bounds (expected 3)", result.ErrorMessage);
        Assert.All(MetricBatchText.Samples(batch).Where(s => s.StartsWith("latency", StringComparison.Ordinal)), s => Assert.Contains("route=\"/a\"", s));
    }

    [Fact]
    public void Summary_becomes_quantile_series_sum_and_count()
    {
        var point = new SummaryDataPoint { TimeUnixNano = At(1), Count = 10, Sum = 55 };
        point.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 5 });
        point.QuantileValues.Add(new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.99, Value = 9.9 });
        var (batch, _) = Translate(Request(Summary("rpc.latency", "ms", point)));

        Assert.Equal(
            [
                $"rpc_latency_milliseconds{{{Common}, quantile=\"0.5\"}} 5 @{T1}",
                $"rpc_latency_milliseconds{{{Common}, quantile=\"0.99\"}} 9.9 @{T1}",
                $"rpc_latency_milliseconds_sum{{{Common}}} 55 @{T1}",
                $"rpc_latency_milliseconds_count{{{Common}}} 10 @{T1}",
            ],
            MetricBatchText.Samples(batch).Where(s => s.StartsWith("rpc", StringComparison.Ordinal)));
        Assert.Contains("rpc_latency_milliseconds Summary help=\"rpc.latency help\" unit=\"milliseconds\"", MetricBatchText.Metadata(batch));
    }

    [Fact]
    public void Exponential_histogram_becomes_a_native_histogram_as_in_the_specification_example()
    {
        // The specification: offset 3, counts 10,0,0,20,5,2 → spans {4,1},{2,3}.
        var point = ExponentialPoint(3, 3, [10, 0, 0, 20, 5, 2], 100, 1);
        point.ZeroCount = 1;
        point.Count += 1;
        point.Negative = new ExponentialHistogramDataPoint.Types.Buckets { Offset = -2 };
        point.Negative.BucketCounts.AddRange([4]);
        point.Count += 4;
        point.Exemplars.Add(Exemplar(2.5, 1, TraceIdBytes, SpanIdBytes));
        var (batch, result) = Translate(Request(Exponential("latency", "s", AggregationTemporality.Cumulative, point)));

        Assert.Equal(new TranslationResultShape(1, 0), Shape(result));
        var histogram = Assert.Single(batch.Histograms.AsSpan().ToArray());
        Assert.Equal(
            $"latency_seconds{{{Common}}} @{T1} schema=3 count=42 sum=100 zero=1/1E-128 pos=[4:1,2:3][10,20,5,2] neg=[-1:1][4] hint=Unknown",
            MetricBatchText.Histogram(batch, histogram));
        Assert.DoesNotContain(batch.Samples.AsSpan().ToArray(), s => MetricBatchText.Series(batch, s.Series).StartsWith("latency", StringComparison.Ordinal));
        Assert.StartsWith($"latency_seconds{{{Common}}} 2.5", Assert.Single(MetricBatchText.Exemplars(batch)));
        Assert.Contains("latency_seconds Histogram help=\"latency help\" unit=\"seconds\"", MetricBatchText.Metadata(batch));
    }

    [Fact]
    public void Exponential_histogram_above_scale_8_is_merged_down_to_schema_8()
    {
        // Scale 10 → schema 8 merges groups of 4 buckets: OTLP indexes k → k >> 2, native index + 1.
        // Offset -5: indexes -5..2 → -2,-1,-1,-1,-1,0,0,0 → native -1 (1), 0 (4), 1 (3).
        var point = ExponentialPoint(10, -5, [1, 1, 1, 1, 1, 1, 1, 1], 8, 1);
        var (batch, _) = Translate(Request(Exponential("size", "By", AggregationTemporality.Cumulative, point)));

        var histogram = Assert.Single(batch.Histograms.AsSpan().ToArray());
        Assert.Equal(8, histogram.Schema);
        Assert.Equal("[-1:3][1,4,3]", MetricBatchText.Side(batch, histogram.PositiveSpans, histogram.PositiveBuckets));
        Assert.Equal(8, histogram.Count);
    }

    [Fact]
    public void Exponential_histogram_below_scale_minus_4_or_without_sum_is_rejected()
    {
        var tooCoarse = ExponentialPoint(-5, 0, [1], 1, 1);
        var noSum = ExponentialPoint(0, 0, [1], 1, 1);
        noSum.ClearSum();
        var (batch, result) = Translate(Request(Exponential("x", "", AggregationTemporality.Cumulative, tooCoarse, noSum)));

        Assert.Equal(new TranslationResultShape(0, 2), Shape(result));
        Assert.Contains("scale -5 is below", result.ErrorMessage);
        Assert.Contains("without a sum", result.ErrorMessage);
        Assert.Empty(batch.Histograms.AsSpan().ToArray());
    }

    [Fact]
    public void No_recorded_value_becomes_stale_markers()
    {
        var number = Number(double.NaN, 1);
        number.Flags = 1;
        var histogram = HistogramPoint([1], [0, 0], 0, 1);
        histogram.Flags = 1;
        var exponential = ExponentialPoint(0, 0, [], 0, 1);
        exponential.Flags = 1;
        var (batch, result) = Translate(Request(
            Gauge("g", "", number),
            Histogram("h", "", AggregationTemporality.Cumulative, histogram),
            Exponential("e", "", AggregationTemporality.Cumulative, exponential)));

        Assert.Equal(new TranslationResultShape(3, 0), Shape(result));
        Assert.All(batch.Samples.AsSpan().ToArray().Where(s => !MetricBatchText.Series(batch, s.Series).StartsWith("target_info", StringComparison.Ordinal)), s => Assert.True(StaleMarker.Is(s.Value)));
        Assert.Equal(5, batch.Samples.AsSpan().ToArray().Count(s => StaleMarker.Is(s.Value)));
        var native = Assert.Single(batch.Histograms.AsSpan().ToArray());
        Assert.True(StaleMarker.Is(native.Sum));
        Assert.Equal(0, native.Count);
    }

    [Fact]
    public void Other_resource_attributes_go_to_target_info_at_the_latest_point()
    {
        var request = Request(
            [Kv("service.name", "checkout"), Kv("service.instance.id", "pod-1"), Kv("host.name", "node-3"), Kv("k8s.pod.uid", "abc")],
            Gauge("g", "", Number(1, 1), Number(2, 5)));
        var (batch, _) = Translate(request);

        Assert.Contains($"target_info{{host_name=\"node-3\", instance=\"pod-1\", job=\"checkout\", k8s_pod_uid=\"abc\"}} 1 @{T0Ms + 5000}", MetricBatchText.Samples(batch));
        Assert.Contains($"g{{instance=\"pod-1\", job=\"checkout\", otel_scope_name=\"test.scope\", otel_scope_version=\"1.2.3\"}} 1 @{T1}", MetricBatchText.Samples(batch));
        Assert.Contains("target_info Gauge help=\"Target metadata\" unit=\"\"", MetricBatchText.Metadata(batch));
    }

    [Fact]
    public void Resource_with_only_service_attributes_has_no_target_info()
    {
        var (batch, _) = Translate(Request(Gauge("g", "", Number(1, 1))));

        Assert.DoesNotContain(MetricBatchText.Samples(batch), s => s.StartsWith("target_info", StringComparison.Ordinal));
    }

    [Fact]
    public void Attribute_keys_that_collide_after_escaping_join_their_values_in_key_order()
    {
        var point = Number(1, 1, Kv("a.b", "dot"), Kv("a-b", "dash"), Kv("job", "mine"), Kv("http.status_code", new OpenTelemetry.Proto.Common.V1.AnyValue { IntValue = 200 }));
        var (batch, _) = Translate(Request(Gauge("g", "", point)));

        // "a-b" < "a.b" in byte order; job comes from the resource, not the attribute.
        Assert.Contains($"g{{a_b=\"dash;dot\", http_status_code=\"200\", {Common}}} 1 @{T1}", MetricBatchText.Samples(batch));
    }

    [Fact]
    public void Array_and_map_attributes_become_json()
    {
        var list = new OpenTelemetry.Proto.Common.V1.ArrayValue();
        list.Values.Add(new OpenTelemetry.Proto.Common.V1.AnyValue { StringValue = "a" });
        list.Values.Add(new OpenTelemetry.Proto.Common.V1.AnyValue { IntValue = 2 });
        var point = Number(1, 1, Kv("tags", new OpenTelemetry.Proto.Common.V1.AnyValue { ArrayValue = list }));
        var (batch, _) = Translate(Request(Gauge("g", "", point)));

        Assert.Contains("tags=\"[\"a\",2]\"", MetricBatchText.Samples(batch)[0]);
    }

    [Fact]
    public void Unspecified_temporality_and_missing_timestamps_reject_points()
    {
        var noTime = Number(1, 0);
        noTime.TimeUnixNano = 0;
        var (_, result) = Translate(Request(
            Sum("s", "", true, AggregationTemporality.Unspecified, Number(1, 1), Number(2, 2)),
            Gauge("g", "", noTime, Number(3, 3))));

        Assert.Equal(new TranslationResultShape(1, 3), Shape(result));
        Assert.Contains("aggregation temporality is unspecified (2 data points)", result.ErrorMessage);
        Assert.Contains("data point 0: the data point has no timestamp", result.ErrorMessage);
    }

    [Fact]
    public void Delta_sum_is_accumulated_across_requests()
    {
        var deltas = new DeltaToCumulative();
        var first = Number(5, 1);
        var second = Number(3, 2);
        second.StartTimeUnixNano = At(1);
        Translate(Request(Sum("jobs", "", true, AggregationTemporality.Delta, first)), deltas);
        var (batch, _) = Translate(Request(Sum("jobs", "", true, AggregationTemporality.Delta, second)), deltas);

        Assert.Contains($"jobs_total{{{Common}}} 8 @{T0Ms + 2000}", MetricBatchText.Samples(batch));
    }

    [Fact]
    public void Delta_histogram_is_accumulated_per_bucket()
    {
        var deltas = new DeltaToCumulative();
        var first = HistogramPoint([1], [1, 2], 5, 1);
        var second = HistogramPoint([1], [4, 0], 1, 2);
        second.StartTimeUnixNano = At(1);
        Translate(Request(Histogram("h", "", AggregationTemporality.Delta, first)), deltas);
        var (batch, _) = Translate(Request(Histogram("h", "", AggregationTemporality.Delta, second)), deltas);

        var samples = MetricBatchText.Samples(batch);
        Assert.Contains($"h_bucket{{{Bucket("1")}}} 5 @{T0Ms + 2000}", samples);
        Assert.Contains($"h_bucket{{{Bucket("+Inf")}}} 7 @{T0Ms + 2000}", samples);
        Assert.Contains($"h_count{{{Common}}} 7 @{T0Ms + 2000}", samples);
        Assert.Contains($"h_sum{{{Common}}} 6 @{T0Ms + 2000}", samples);
    }

    [Fact]
    public void Delta_exponential_histograms_merge_at_the_coarser_schema()
    {
        var deltas = new DeltaToCumulative();
        var first = ExponentialPoint(1, 0, [1, 1], 3, 1);           // native indexes 1, 2 at schema 1
        var second = ExponentialPoint(0, 0, [2], 2, 2);             // native index 1 at schema 0
        second.StartTimeUnixNano = At(1);
        Translate(Request(Exponential("e", "", AggregationTemporality.Delta, first)), deltas);
        var (batch, _) = Translate(Request(Exponential("e", "", AggregationTemporality.Delta, second)), deltas);

        var histogram = Assert.Single(batch.Histograms.AsSpan().ToArray());
        Assert.Equal(0, histogram.Schema);
        // Schema 1 indexes 1 and 2 both lie in schema 0 index 1: 1 + 1 + 2.
        Assert.Equal("[1:1][4]", MetricBatchText.Side(batch, histogram.PositiveSpans, histogram.PositiveBuckets));
        Assert.Equal(4, histogram.Count);
        Assert.Equal(5, histogram.Sum);
    }

    [Fact]
    public void Duplicate_delta_point_is_rejected_as_out_of_order()
    {
        var deltas = new DeltaToCumulative();
        Translate(Request(Sum("jobs", "", true, AggregationTemporality.Delta, Number(5, 1))), deltas);
        var (batch, result) = Translate(Request(Sum("jobs", "", true, AggregationTemporality.Delta, Number(5, 1))), deltas);

        Assert.Equal(new TranslationResultShape(0, 1), Shape(result));
        Assert.Contains("not newer", result.ErrorMessage);
        Assert.Empty(batch.Series.AsSpan().ToArray());
    }

    private readonly record struct TranslationResultShape(int Accepted, int Rejected);

    private static TranslationResultShape Shape(TranslationResult result) => new(result.AcceptedPoints, result.RejectedPoints);
}
