using Orrery.Query.TraceQL.Metrics;
using Orrery.Query.TraceQL.Syntax;
using static Orrery.Query.Tests.TraceQL.Metrics.MetricsFixture;

namespace Orrery.Query.Tests.TraceQL.Metrics;

public class MetricsEngineTests
{
    private static MetricsResult Range(string query, params IReadOnlyList<TestSpan>[] parts) =>
        new TraceQLMetricsEngine(new InMemoryTraceReader(parts.Length == 0 ? [All] : parts)).QueryRange("t", query, T, T + (30 * S), 10 * S);

    private static MetricsResult Instant(string query, params IReadOnlyList<TestSpan>[] parts) =>
        new TraceQLMetricsEngine(new InMemoryTraceReader(parts.Length == 0 ? [All] : parts)).QueryInstant("t", query, T - (10 * S), T + (30 * S));

    /// <summary>Series as "promLabels => v0 v1 …" (NaN as "-"), so whole answers compare in one assertion.</summary>
    private static string[] Render(MetricsResult result) => result.Series
        .Select(s => s.PromLabels + " => " + string.Join(" ", s.Values.Select(v => double.IsNaN(v) ? "-" : Math.Round(v, 9).ToString("R", System.Globalization.CultureInfo.InvariantCulture))))
        .ToArray();

    [Fact]
    public void Range_intervals_are_right_closed_and_reported_at_their_end()
    {
        var result = Range("{ } | count_over_time()");

        Assert.Equal(4, result.Intervals.Count);
        Assert.Equal([TMs, TMs + 10_000, TMs + 20_000, TMs + 30_000], Enumerable.Range(0, 4).Select(i => result.Intervals.TimestampOf(i) / Ms));
        Assert.Equal(["{__name__=\"count_over_time\"} => 1 2 3 1"], Render(result));
    }

    [Fact]
    public void Rate_is_per_second_of_step_by_service()
    {
        Assert.Equal(
            [
                "{resource.service.name=\"api\"} => 0.1 0.1 0.1 0.1",
                "{resource.service.name=\"db\"} => 0 0.1 0.1 0",
                "{resource.service.name=\"worker\"} => 0 0 0.1 0",
            ],
            Render(Range("{ } | rate() by (resource.service.name)")));
    }

    [Theory]
    [InlineData("{ resource.service.name = \"api\" } | max_over_time(duration)", "{__name__=\"max_over_time\"} => 0.05 0.1 0.5 2")]
    [InlineData("{ resource.service.name = \"api\" } | min_over_time(duration)", "{__name__=\"min_over_time\"} => 0.05 0.1 0.5 2")]
    [InlineData("{ } | min_over_time(duration)", "{__name__=\"min_over_time\"} => 0.05 0.03 0.005 2")]
    [InlineData("{ } | max_over_time(duration)", "{__name__=\"max_over_time\"} => 0.05 0.1 0.5 2")]
    [InlineData("{ } | avg_over_time(duration)", "{__name__=\"avg_over_time\"} => 0.05 0.065 0.171 2")]
    [InlineData("{ } | sum_over_time(duration)", "{__name__=\"sum_over_time\"} => 0.05 0.13 0.513 2")]
    [InlineData("{ } | sum_over_time(span.http.status_code)", "{__name__=\"sum_over_time\"} => - 200 500 500")]
    [InlineData("{ status = error } | count_over_time()", "{__name__=\"count_over_time\"} => 0 0 1 1")]
    public void Over_time_functions_aggregate_each_interval(string query, string expected)
    {
        Assert.Equal([expected], Render(Range(query)));
    }

    [Fact]
    public void By_leaves_out_nil_values_and_types_labels()
    {
        var result = Instant("{ } | count_over_time() by (span.http.status_code)");

        Assert.Equal(
            [
                "{span.http.status_code=\"<nil>\"} => 4",
                "{span.http.status_code=\"int(200)\"} => 1",
                "{span.http.status_code=\"int(500)\"} => 2",
            ],
            Render(result));
        Assert.Equal(StaticValue.OfInt(500), result.Series[2].Labels[0].Value);
        Assert.Equal(StaticType.Nil, result.Series[0].Labels[0].Value.Type);
    }

    [Fact]
    public void By_intrinsics_and_two_fields()
    {
        Assert.Equal(
            [
                "{kind=\"client\", status=\"unset\"} => 2",
                "{kind=\"internal\", status=\"unset\"} => 1",
                "{kind=\"server\", status=\"error\"} => 2",
                "{kind=\"server\", status=\"unset\"} => 2",
            ],
            Render(Instant("{ } | count_over_time() by (kind, status)")));
        Assert.Equal(
            ["{rootName=\"GET /\"} => 5", "{rootName=\"POST /\"} => 2"],
            Render(Instant("{ } | count_over_time() by (rootName)")));
    }

    [Fact]
    public void Instant_rate_divides_by_the_whole_range()
    {
        Assert.Equal(["{__name__=\"rate\"} => 0.175"], Render(Instant("{ } | rate()")));
    }

    [Fact]
    public void Quantiles_come_from_power_of_two_buckets_one_series_per_quantile()
    {
        // Buckets (ns → next power of two): 5 ms, 8 ms → 2^23; 30 ms → 2^25; 50 ms → 2^26;
        // 100 ms → 2^27; 500 ms → 2^29; 2 s → 2^31 (counts 2,1,1,1,1,1 of 7).
        var result = Instant("{ } | quantile_over_time(duration, 0.1, 0.25, 0.5, 0.99)");

        Assert.Equal(["p"], result.Series.SelectMany(s => s.Labels).Select(l => l.Name).Distinct());
        var byQuantile = result.Series.ToDictionary(s => s.Labels[0].Value.Float, s => s.Values[0]);
        // p10: the 1st of 7 lies halfway through the first bucket: interpolated in log2 space.
        Assert.Equal(0.008388608 / Math.Sqrt(2), byQuantile[0.1], 12);
        Assert.Equal(0.008388608, byQuantile[0.25], 12);
        Assert.Equal(0.067108864, byQuantile[0.5], 12);
        Assert.Equal(2.147483648, byQuantile[0.99], 12);
    }

    [Fact]
    public void Quantiles_by_service_per_interval()
    {
        var result = Range("{ } | quantile_over_time(duration, 0.5) by (resource.service.name)");

        Assert.Equal(
            [
                "{p=\"0.5\", resource.service.name=\"api\"} => 0.067108864 0.134217728 0.536870912 2.147483648",
                "{p=\"0.5\", resource.service.name=\"db\"} => 0 0.033554432 0.008388608 0",
                "{p=\"0.5\", resource.service.name=\"worker\"} => 0 0 0.008388608 0",
            ],
            Render(result));
        Assert.Equal(["resource.service.name", "p"], result.Series[0].Labels.Select(l => l.Name));
    }

    [Fact]
    public void Histogram_has_a_series_per_bucket()
    {
        Assert.Equal(
            [
                "{__bucket=\"0.008388608\"} => 2",
                "{__bucket=\"0.033554432\"} => 1",
                "{__bucket=\"0.067108864\"} => 1",
                "{__bucket=\"0.134217728\"} => 1",
                "{__bucket=\"0.536870912\"} => 1",
                "{__bucket=\"2.147483648\"} => 1",
            ],
            Render(Instant("{ } | histogram_over_time(duration)")));
    }

    [Fact]
    public void Bottomk_picks_per_interval()
    {
        Assert.Equal(
            [
                "{resource.service.name=\"api\"} => - - 0.1 -",
                "{resource.service.name=\"db\"} => 0 - - 0",
                "{resource.service.name=\"worker\"} => - 0 - -",
            ],
            Render(Range("{ } | rate() by (resource.service.name) | bottomk(1)")));
        Assert.Equal(
            ["{resource.service.name=\"api\"} => 0.1 0.1 0.1 0.1"],
            Render(Range("{ } | rate() by (resource.service.name) | topk(1)")));
    }

    [Fact]
    public void Structural_queries_count_the_spans_they_return()
    {
        Assert.Equal(["{__name__=\"count_over_time\"} => 2"], Render(Instant("{ resource.service.name = \"api\" } > { resource.service.name = \"db\" } | count_over_time()")));
    }

    [Fact]
    public void A_trace_split_over_parts_is_read_back_whole_for_structural_queries()
    {
        var reader = new InMemoryTraceReader([A, C, D], [B]);
        var engine = new TraceQLMetricsEngine(reader);

        var result = engine.QueryInstant("t", "{ resource.service.name = \"api\" } > { resource.service.name = \"db\" } | count_over_time()", T - (10 * S), T + (30 * S));

        Assert.Equal(["{__name__=\"count_over_time\"} => 2"], Render(result));
        Assert.Equal(1, reader.FindTraceCalls);
    }

    [Fact]
    public void Span_local_filters_are_evaluated_per_part()
    {
        var reader = new InMemoryTraceReader([A, C, D], [B]);

        var result = new TraceQLMetricsEngine(reader).QueryInstant("t", "{ kind = client } | count_over_time()", T - (10 * S), T + (30 * S));

        Assert.Equal(["{__name__=\"count_over_time\"} => 2"], Render(result));
        Assert.Equal(0, reader.FindTraceCalls);
    }

    [Fact]
    public void The_series_limit_gives_a_partial_answer()
    {
        var engine = new TraceQLMetricsEngine(new InMemoryTraceReader(All), new MetricsLimits(MaxSeries: 2));

        var result = engine.QueryInstant("t", "{ } | count_over_time() by (name)", T - (10 * S), T + (30 * S));

        Assert.True(result.Partial);
        Assert.Equal(2, result.Series.Count);
        Assert.Contains("maximum series limit of 2", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_spans_inspected_limit_is_an_error()
    {
        var engine = new TraceQLMetricsEngine(new InMemoryTraceReader(All), new MetricsLimits { Scan = new ScanLimits(MaxSpansInspected: 3) });

        var error = Assert.Throws<TraceQLMetricsException>(() => engine.QueryInstant("t", "{ } | rate()", T - (10 * S), T + (30 * S)));

        Assert.True(error.IsLimit);
        Assert.Contains("more than 3 spans", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ }", "must end with a metrics function")]
    [InlineData("{ } | rate() by (event:name)", "by event:name")]
    [InlineData("{ } | compare({ status = error }, 0)", "between 1 and 1000")]
    [InlineData("{ } | compare({ status = error }, 10, 5, 3)", "end timestamp must be greater")]
    public void Unsupported_queries_say_why(string query, string expected)
    {
        var error = Assert.Throws<TraceQLMetricsException>(() => Instant(query));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_intervals_is_an_error_naming_the_minimum_step()
    {
        var engine = new TraceQLMetricsEngine(new InMemoryTraceReader(All));

        var error = Assert.Throws<TraceQLMetricsException>(() => engine.QueryRange("t", "{ } | rate()", T, T + (3600 * S), 100 * Ms));

        Assert.Contains("step of", error.Message, StringComparison.Ordinal);
    }
}
