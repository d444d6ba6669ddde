using Orrery.Query.TraceQL.Metrics;
using Orrery.Signals;
using Orrery.Signals.Traces;
using Orrery.Storage.Traces;
using Orrery.Storage.Traces.Embedded;

namespace Orrery.Query.Tests.TraceQL.Metrics;

/// <summary>
/// Metrics that storage counts over block columns (<see cref="ITraceReader.AggregateSpans"/>)
/// give exactly the answer of the span-by-span path, on random blocks plus spans still in the
/// head: by() on intrinsics, span and resource attributes of every kind (missing, int, double,
/// bool, string, bytes, too long for the dictionary), filters of pushed-down comparisons, counts
/// and duration histograms.
/// </summary>
public sealed class ColumnarAggregateAgreementTests : IAsyncLifetime
{
    private const long T0 = RandomMetricSpans.Start;
    private RandomSpanStore? _fixture;
    private EmbeddedTraceStore? _store;

    public async Task InitializeAsync()
    {
        _fixture = await RandomSpanStore.StartAsync("orrery-columnar");
        _store = _fixture.Store;
    }

    public async Task DisposeAsync()
    {
        if (_fixture is not null) await _fixture.DisposeAsync();
    }

    public static TheoryData<string, bool> Queries => new()
    {
        { "{ } | rate()", true },
        { "{ } | rate() by (resource.service.name)", true },
        { "{ } | count_over_time() by (name)", true },
        { "{ } | count_over_time() by (status)", true },
        { "{ } | count_over_time() by (kind)", true },
        { "{ } | count_over_time() by (span.http.status_code)", true },
        { "{ } | count_over_time() by (span.ratio)", true },
        { "{ } | count_over_time() by (span.flag)", true },
        { "{ } | count_over_time() by (span.payload)", true },
        { "{ } | count_over_time() by (span.note)", true },
        { "{ } | count_over_time() by (span.missing)", true },
        { "{ } | count_over_time() by (resource.tier)", true },
        { "{ } | count_over_time() by (resource.nothing)", true },
        { "{ span.http.status_code = 500 } | rate()", true },
        { "{ span.http.method = \"GET\" } | rate() by (resource.service.name)", true },
        { "{ span.flag = true } | count_over_time() by (name)", true },
        { "{ span.score = 500 } | count_over_time() by (name)", true }, // NaN equals nothing on both paths
        { "{ span.score = 500 && span.http.status_code = 500 } | rate()", true },
        { "{ resource.service.name = \"svc1\" && duration > 20ms } | count_over_time() by (kind)", true },
        { "{ resource.tier = 2 } | rate()", true },
        { "{ status = error } | count_over_time() by (name)", true },
        { "{ kind = server && duration <= 10ms } | rate() by (status)", true },
        { "{ name = \"SELECT\" } | rate() by (span.http.status_code)", true },
        { "{ } | quantile_over_time(duration, 0.5, 0.9, 0.99) by (resource.service.name)", true },
        { "{ duration >= 5ms } | quantile_over_time(duration, 0.5) by (span.http.method)", true },
        { "{ } | histogram_over_time(duration) by (status)", true },
        { "{ } | rate() by (resource.service.name) | topk(2)", true },
        // Not columnar: the span-by-span path answers (the columnar switch must not change anything).
        { "{ span.http.status_code != 500 } | rate()", false },
        { "{ span.http.method =~ \"G.*\" } | rate()", false },
        { "{ } | count_over_time() by (name, kind)", false },
        { "{ } | max_over_time(duration) by (status)", false },
        { "{ .service.name = \"svc1\" } | rate()", false }, // asked for, but storage declines: unscoped means span or resource
        { "{ } >> { } | rate()", false },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Columnar_counts_equal_span_by_span_evaluation(string query, bool columnar)
    {
        var counting = new CountingReader(_store!);
        var withColumns = new TraceQLMetricsEngine(counting).QueryRange("t", query, T0 - 1_000_000_000, T0 + 60_000_000_000, 1_000_000_000);
        var rows = new TraceQLMetricsEngine(_store!, new MetricsLimits { UseColumnarAggregates = false })
            .QueryRange("t", query, T0 - 1_000_000_000, T0 + 60_000_000_000, 1_000_000_000);

        Assert.NotEmpty(rows.Series);
        Assert.Equal(RandomMetricSpans.Text(rows), RandomMetricSpans.Text(withColumns));
        Assert.Equal(columnar, counting.CountedOnColumns);
    }

    [Fact]
    public void Instant_queries_agree_too()
    {
        const string Query = "{ duration > 1ms } | quantile_over_time(duration, 0.5, 0.99) by (resource.service.name)";
        var withColumns = new TraceQLMetricsEngine(_store!).QueryInstant("t", Query, T0, T0 + 30_000_000_000);
        var rows = new TraceQLMetricsEngine(_store!, new MetricsLimits { UseColumnarAggregates = false }).QueryInstant("t", Query, T0, T0 + 30_000_000_000);

        Assert.NotEmpty(rows.Series);
        Assert.Equal(RandomMetricSpans.Text(rows), RandomMetricSpans.Text(withColumns));
    }

    [Fact]
    public void The_inspected_span_bound_holds_on_columns_as_on_rows()
    {
        const string Query = "{ } | rate() by (resource.service.name)";
        var scan = new ScanLimits(MaxSpansInspected: 500);
        var onColumns = Assert.Throws<TraceQLMetricsException>(() =>
            new TraceQLMetricsEngine(_store!, new MetricsLimits { Scan = scan }).QueryRange("t", Query, T0 - 1_000_000_000, T0 + 60_000_000_000, 1_000_000_000));
        var onRows = Assert.Throws<TraceQLMetricsException>(() =>
            new TraceQLMetricsEngine(_store!, new MetricsLimits { Scan = scan, UseColumnarAggregates = false }).QueryRange("t", Query, T0 - 1_000_000_000, T0 + 60_000_000_000, 1_000_000_000));

        Assert.True(onColumns.IsLimit);
        Assert.Equal(onRows.Message, onColumns.Message);
    }

    /// <summary>Forwards to the store, remembering whether storage counted any span over columns.</summary>
    private sealed class CountingReader(ITraceReader inner) : ITraceReader
    {
        private SpanAggregation? _last;

        public bool CountedOnColumns => _last is not null
            && _last.Groups.Any(g => g.Counts.Any(c => c > 0) || g.DurationBuckets?.Any(c => c > 0) == true);

        public SpanBatch? FindTrace(string tenant, TraceId traceId, TimeRange range) => inner.FindTrace(tenant, traceId, range);

        public IReadOnlyDictionary<TraceId, SpanBatch> FindTraces(string tenant, IReadOnlyCollection<TraceId> traceIds, TimeRange range) =>
            inner.FindTraces(tenant, traceIds, range);

        public IEnumerable<TraceSpans> FetchTraces(string tenant, FetchSpansRequest request, CancellationToken cancellationToken = default) =>
            inner.FetchTraces(tenant, request, cancellationToken);

        public IEnumerable<TraceSpans> AggregateSpans(string tenant, SpanAggregateRequest request, SpanAggregation into, CancellationToken cancellationToken = default)
        {
            _last = into;
            return inner.AggregateSpans(tenant, request, into, cancellationToken);
        }

        public IReadOnlyCollection<string> TagNames(string tenant, AttributeScope scope, TimeRange range, int limit) => inner.TagNames(tenant, scope, range, limit);

        public IReadOnlyCollection<TagValue> TagValues(string tenant, AttributeRef tag, TimeRange range, int limit) => inner.TagValues(tenant, tag, range, limit);
    }
}
