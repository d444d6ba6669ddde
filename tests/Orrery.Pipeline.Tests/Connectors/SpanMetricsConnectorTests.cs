using System.Diagnostics.Metrics;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Connectors;
using Orrery.Pipeline.Connectors.SpanMetrics;
using Orrery.Pipeline.Sampling;
using Orrery.Pipeline.Sampling.Policies;
using Orrery.Pipeline.Tests.Sampling;
using Orrery.Signals;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Connectors;

public sealed class SpanMetricsConnectorTests : IDisposable
{
    private const string Calls = "traces_spanmetrics_calls_total";
    private const string Bucket = "traces_spanmetrics_latency_bucket";
    private const string Server = "service=api,span_kind=SPAN_KIND_SERVER,span_name=GET /x,status_code=STATUS_CODE_UNSET";

    private readonly PipelineTestContext _test = new("spanmetrics");
    private readonly MetricRecorder _metrics = new();

    public void Dispose() => _test.Dispose();

    private SpanMetricsConnector Connector(SpanMetricsSettings? settings = null) =>
        new(settings ?? new SpanMetricsSettings(), _metrics, TraceDecisionRegistry.For(_test.Context), _test.Context);

    private static TestSpan Span(ulong trace, long durationMs, string service = "api", string name = "GET /x") =>
        new(TestSpans.Trace(trace), trace * 100, Service: service, Name: name) { DurationMs = durationMs };

    [Fact]
    public async Task Counts_calls_and_buckets_latencies_in_seconds_with_inclusive_bounds()
    {
        var c = Connector();
        await c.ConsumeAsync("t", TestSpans.Batch(Span(1, 1), Span(2, 2), Span(3, 3), Span(4, 20_000)));
        await c.FlushAsync();

        Assert.Equal(4, _metrics.Value(Calls, Server));
        Assert.Equal(["service=api,span_kind=SPAN_KIND_SERVER,span_name=GET /x,status_code=STATUS_CODE_UNSET"], _metrics.SeriesOf(Calls));
    }

    [Fact]
    public async Task Histogram_buckets_are_cumulative_and_end_at_inf()
    {
        var c = Connector();
        await c.ConsumeAsync("t", TestSpans.Batch(Span(1, 1), Span(2, 2), Span(3, 3), Span(4, 20_000)));
        await c.FlushAsync();

        var series = _metrics.SeriesOf(Bucket).ToList();
        Assert.Equal(15, series.Count); // 14 bounds + Inf
        Assert.Equal(2, BucketValue("0.002")); // 1 ms, and 2 ms exactly on the bound
        Assert.Equal(3, BucketValue("0.004"));
        Assert.Equal(3, BucketValue("16.384"));
        Assert.Equal(4, BucketValue("+Inf"));
        Assert.Equal(4, _metrics.Value("traces_spanmetrics_latency_count", Server));
        Assert.Equal(20.006, _metrics.Value("traces_spanmetrics_latency_sum", Server)!.Value, 9);
    }

    private double? BucketValue(string le) =>
        Enumerable.Range(0, _metrics.Last.Series.Count)
            .Where(s => MetricRecorder.Name(_metrics.Last, s) == Bucket && System.Text.Encoding.UTF8.GetString(_metrics.Last.LabelValue(s, "le"u8)) == le)
            .Select(s => _metrics.Last.Samples.AsSpan().ToArray().Where(x => x.Series == s).MaxBy(x => x.TimestampMs).Value)
            .Cast<double?>().SingleOrDefault();

    [Fact]
    public async Task A_new_series_starts_with_a_zero_and_later_flushes_stay_cumulative()
    {
        var c = Connector();
        await c.ConsumeAsync("t", TestSpans.Batch(Span(1, 5), Span(2, 5)));
        await c.FlushAsync();
        var first = MetricRecorder.Samples(_metrics.Last, Calls, Server);
        Assert.Equal([(_test.Time.NowMs - 1, 0.0), (_test.Time.NowMs, 2.0)], first);

        _test.Time.Advance(TimeSpan.FromSeconds(15));
        await c.ConsumeAsync("t", TestSpans.Batch(Span(3, 5)));
        await c.FlushAsync();
        Assert.Equal([(_test.Time.NowMs, 3.0)], MetricRecorder.Samples(_metrics.Last, Calls, Server));
    }

    [Fact]
    public async Task Labels_follow_tempo_and_dimensions_come_from_span_then_resource_with_defaults()
    {
        var c = Connector(new SpanMetricsSettings
        {
            Dimensions =
            [
                new SpanMetricsDimension("http.method", "http_method", null),
                new SpanMetricsDimension("http.status_code", "http_status_code", "none"),
                new SpanMetricsDimension("deployment.environment", "deployment_environment", null),
            ],
        });
        var withAll = new TestSpan(TestSpans.Trace(1), 1, Service: "api", Name: "op")
        {
            Kind = SpanKind.Client,
            Status = StatusCode.Error,
            Attributes = new Dictionary<string, object> { ["http.method"] = "GET", ["http.status_code"] = 500L },
            ResourceAttributes = new Dictionary<string, object> { ["deployment.environment"] = "prod" },
        };
        var withNone = new TestSpan(TestSpans.Trace(2), 2, Service: "api", Name: "op");
        await c.ConsumeAsync("t", TestSpans.Batch(withAll, withNone));
        await c.FlushAsync();

        var calls = _metrics.SeriesOf(Calls).OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "deployment_environment=prod,http_method=GET,http_status_code=500,service=api,span_kind=SPAN_KIND_CLIENT,span_name=op,status_code=STATUS_CODE_ERROR",
            "http_status_code=none,service=api,span_kind=SPAN_KIND_SERVER,span_name=op,status_code=STATUS_CODE_UNSET",
        ], calls);
    }

    [Fact]
    public async Task Without_a_tail_sampler_each_bucket_gets_an_exemplar_of_a_span_in_it()
    {
        var c = Connector();
        await c.ConsumeAsync("t", TestSpans.Batch(Span(1, 1), Span(2, 3000)));
        await c.FlushAsync();

        var exemplars = Exemplars(_metrics.Last);
        Assert.Equal(2, exemplars.Count);
        Assert.Contains(("0.002", TestSpans.Trace(1).ToHex(), 0.001), exemplars);
        Assert.Contains(("4.096", TestSpans.Trace(2).ToHex(), 3.0), exemplars);

        // Emitted once: the next flush has none until new spans come.
        await c.FlushAsync();
        Assert.Empty(Exemplars(_metrics.Last));
    }

    [Fact]
    public async Task Exemplars_come_only_from_traces_the_tail_sampler_kept()
    {
        var sampler = new TailSamplingProcessor(new TailSamplingSettings { Policies = [new StatusCodePolicy("errors", [StatusCode.Error])] }, new SpanRecorder(), _test.Context);
        var c = Connector();
        var kept = Span(1, 1) with { Status = StatusCode.Error };
        var dropped = Span(2, 1);
        foreach (var s in new[] { dropped, kept })
        {
            await c.ConsumeAsync("t", TestSpans.Batch(s));
            await sampler.ConsumeAsync("t", TestSpans.Batch(s));
        }

        // Undecided: no exemplar yet, and the candidates wait.
        await c.FlushAsync();
        Assert.Empty(Exemplars(_metrics.Last));

        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        await c.FlushAsync();

        var exemplar = Assert.Single(Exemplars(_metrics.Last));
        Assert.Equal(TestSpans.Trace(1).ToHex(), exemplar.Trace);
        // Counted before sampling: the dropped trace's span is in the numbers.
        Assert.Equal(1, _metrics.Value(Calls, Server));
        Assert.Equal(1, _metrics.Value(Calls, Server.Replace("STATUS_CODE_UNSET", "STATUS_CODE_ERROR", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_slot_freed_by_a_dropped_trace_takes_the_next_candidate()
    {
        var sampler = new TailSamplingProcessor(new TailSamplingSettings { Policies = [new StringAttributePolicy("keep", "keep", ["yes"], false, false)] }, new SpanRecorder(), _test.Context);
        var c = Connector();
        // Two dropped candidates fill the bucket's two slots.
        foreach (var id in new ulong[] { 1, 2 })
        {
            await c.ConsumeAsync("t", TestSpans.Batch(Span(id, 1)));
            await sampler.ConsumeAsync("t", TestSpans.Batch(Span(id, 1)));
        }
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        c.ResolveExemplars();
        var keep = Span(3, 1) with { Attributes = new Dictionary<string, object> { ["keep"] = "yes" } };
        await c.ConsumeAsync("t", TestSpans.Batch(keep));
        await sampler.ConsumeAsync("t", TestSpans.Batch(keep));
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        await c.FlushAsync();
        Assert.Equal(TestSpans.Trace(3).ToHex(), Assert.Single(Exemplars(_metrics.Last)).Trace);
    }

    [Fact]
    public async Task Series_beyond_the_limit_go_to_one_overflow_series_and_are_counted()
    {
        var c = Connector(new SpanMetricsSettings { MaxSeries = 2 });
        await c.ConsumeAsync("t", TestSpans.Batch(Span(1, 1, name: "a"), Span(2, 1, name: "b"), Span(3, 1, name: "c"), Span(4, 1, name: "d"), Span(5, 1, name: "a")));
        await c.FlushAsync();
        Assert.Equal(2, c.SeriesCount);
        Assert.Equal(2, _metrics.Value(Calls, "metric_overflow=true"));
        Assert.Equal(2, _metrics.Value(Calls, Server.Replace("GET /x", "a", StringComparison.Ordinal)));
        Assert.Equal(2, _test.Probe["orrery_spanmetrics_overflow_spans"]);
    }

    [Fact]
    public async Task Series_not_updated_within_the_expiration_end_with_a_stale_marker()
    {
        var c = Connector(new SpanMetricsSettings { Expiration = TimeSpan.FromMinutes(5) });
        await c.ConsumeAsync("t", TestSpans.Batch(Span(1, 1)));
        await c.FlushAsync();
        _test.Time.Advance(TimeSpan.FromMinutes(5));
        await c.FlushAsync();
        Assert.Equal(1, _metrics.Value(Calls, Server)); // exactly the expiration: still alive
        _test.Time.Advance(TimeSpan.FromMilliseconds(1));
        await c.FlushAsync();
        Assert.True(StaleMarker.Is(_metrics.Value(Calls, Server)!.Value));
        Assert.Equal(0, c.SeriesCount);
    }

    [Fact]
    public async Task Tenants_get_their_own_series_and_batches()
    {
        var c = Connector();
        await c.ConsumeAsync("a", TestSpans.Batch(Span(1, 1)));
        await c.ConsumeAsync("b", TestSpans.Batch(Span(2, 1), Span(3, 1)));
        await c.FlushAsync();
        var byTenant = _metrics.Batches.ToDictionary(b => b.Tenant, b => MetricRecorder.Samples(b.Batch, Calls, Server).MaxBy(s => s.T).V);
        Assert.Equal(1, byTenant["a"]);
        Assert.Equal(2, byTenant["b"]);
    }

    [Fact]
    public async Task Exponential_histogram_settings_write_a_native_histogram()
    {
        var c = Connector(new SpanMetricsSettings { Histogram = new HistogramSettings(SpanMetricsSettings.DefaultBuckets, 160) });
        await c.ConsumeAsync("t", TestSpans.Batch(Span(1, 0), Span(2, 1), Span(3, 1000), Span(4, 60_000)));
        await c.FlushAsync();
        var b = _metrics.Last;
        Assert.Empty(_metrics.SeriesOf(Bucket));
        var row = b.Histograms.AsSpan().ToArray().Where(h => MetricRecorder.Name(b, h.Series) == "traces_spanmetrics_latency").MaxBy(h => h.TimestampMs);
        Assert.Equal(4, row.Count);
        Assert.Equal(1, row.ZeroCount);
        Assert.Equal(61.001, row.Sum, 9);
        Assert.InRange(row.Schema, -4, 8);
        var buckets = b.BucketCounts.AsSpan().Slice(row.PositiveBuckets.Start, row.PositiveBuckets.Count).ToArray();
        Assert.Equal(3, buckets.Sum());
        Assert.True(row.PositiveBuckets.Count <= 160);
        Assert.NotEmpty(b.Exemplars.AsSpan().ToArray());
    }

    [Fact]
    public void Settings_parse_collector_and_tempo_shapes()
    {
        var s = SpanMetricsSettings.Parse(TailSamplingConfigTests.Settings("spanmetrics", """
            histogram: { explicit: { buckets: [100us, 5ms, 0.25, 1s] } }
            dimensions: [ http.method, { name: http.status_code, default: "200" } ]
            dimensions_cache_size: 10
            metrics_flush_interval: 30s
            exemplars: { enabled: false }
            """));
        Assert.Equal([0.0001, 0.005, 0.25, 1], s.Histogram.Buckets);
        Assert.Equal(["http_method", "http_status_code"], s.Dimensions.Select(d => d.Label));
        Assert.Equal("200", s.Dimensions[1].Default);
        Assert.Equal(10, s.MaxSeries);
        Assert.Equal(TimeSpan.FromSeconds(30), s.FlushInterval);
        Assert.False(s.Exemplars);
        Assert.True(SpanMetricsSettings.Parse(TailSamplingConfigTests.Settings("spanmetrics", "histogram: { exponential: { max_size: 100 } }")).Histogram.Native);
    }

    [Theory]
    [InlineData("histogram: { explicit: { buckets: [1s, 1s] } }", "strictly increasing")]
    [InlineData("dimensions: [ service ]", "repeat the label 'service'")]
    [InlineData("aggregation_temporality: AGGREGATION_TEMPORALITY_DELTA", "CUMULATIVE")]
    [InlineData("histogram: { unit: ms }", "unit")]
    public void Bad_settings_fail_with_the_reason(string yaml, string reason)
    {
        var e = Assert.Throws<PipelineConfigException>(() => new SpanMetricsFactory().Validate(TailSamplingConfigTests.Settings("spanmetrics", yaml)));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    /// <summary>(le, trace id, value) of every exemplar in a batch.</summary>
    private static List<(string Le, string Trace, double Value)> Exemplars(MetricBatch b) =>
        b.Exemplars.AsSpan().ToArray().Select(e => (
            System.Text.Encoding.UTF8.GetString(b.LabelValue(e.Series, "le"u8)),
            b.Slice(e.Labels).ToArray().Where(l => b.String(l.Name) == "trace_id").Select(l => b.String(l.Value)).Single(),
            e.Value)).ToList();
}

public sealed class SpanMetricsAllocationTests : IDisposable
{
    private readonly Meter _meter = new("test-spanmetrics-alloc-" + Guid.NewGuid());

    public void Dispose() => _meter.Dispose();

    [Fact]
    public async Task Spans_of_known_series_are_counted_without_allocating()
    {
        var context = new PipelineContext(new ManualTime(fireTimers: false), _meter, null);
        var c = new SpanMetricsConnector(
            new SpanMetricsSettings { Dimensions = [new SpanMetricsDimension("http.status_code", "http_status_code", "none"), new SpanMetricsDimension("route", "route", null)] },
            new MetricRecorder(), TraceDecisionRegistry.For(context), context);
        var batch = TestSpans.Batch(Enumerable.Range(1, 50).Select(i => new TestSpan(TestSpans.Trace((ulong)i), (ulong)i, Name: "op" + (i % 5))
        {
            DurationMs = i,
            Attributes = new Dictionary<string, object> { ["http.status_code"] = 200L + i % 3, ["route"] = "/r" },
        }).ToArray());
        await c.ConsumeAsync("t", batch); // creates the series

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++) await c.ConsumeAsync("t", batch);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
