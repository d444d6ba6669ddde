using Orrery.Query.TraceQL.Metrics;
using static Orrery.Query.Tests.TraceQL.Metrics.MetricsFixture;

namespace Orrery.Query.Tests.TraceQL.Metrics;

/// <summary>
/// compare() over the fixture's seven spans in range: the errors c and e (both api, server, status
/// code 500; names "GET /" and "POST /") are the selection, the other five the baseline.
/// </summary>
public class CompareTests
{
    private static Dictionary<string, double> Instant(string query)
    {
        var engine = new TraceQLMetricsEngine(new InMemoryTraceReader(All));
        var result = engine.QueryInstant("t", query, T - (10 * S), T + (30 * S));
        return result.Series.ToDictionary(s => s.PromLabels, s => s.Values.Single());
    }

    [Fact]
    public void Counts_every_attribute_value_for_selection_and_baseline()
    {
        var series = Instant("{ } | compare({ status = error })");

        Assert.Equal(
            new Dictionary<string, double>
            {
                ["{__meta_type=\"selection\", name=\"GET /\"}"] = 1,
                ["{__meta_type=\"selection\", name=\"POST /\"}"] = 1,
                ["{__meta_type=\"selection\", status=\"error\"}"] = 2,
                ["{__meta_type=\"selection\", kind=\"server\"}"] = 2,
                ["{__meta_type=\"selection\", resource.service.name=\"api\"}"] = 2,
                ["{__meta_type=\"selection\", span.http.status_code=\"int(500)\"}"] = 2,
                ["{__meta_type=\"selection_total\", name=\"<nil>\"}"] = 2,
                ["{__meta_type=\"selection_total\", status=\"<nil>\"}"] = 2,
                ["{__meta_type=\"selection_total\", kind=\"<nil>\"}"] = 2,
                ["{__meta_type=\"selection_total\", resource.service.name=\"<nil>\"}"] = 2,
                ["{__meta_type=\"selection_total\", span.http.status_code=\"<nil>\"}"] = 2,
                ["{__meta_type=\"baseline\", name=\"GET /\"}"] = 2,
                ["{__meta_type=\"baseline\", name=\"query\"}"] = 2,
                ["{__meta_type=\"baseline\", name=\"job\"}"] = 1,
                ["{__meta_type=\"baseline\", status=\"unset\"}"] = 5,
                ["{__meta_type=\"baseline\", kind=\"server\"}"] = 2,
                ["{__meta_type=\"baseline\", kind=\"client\"}"] = 2,
                ["{__meta_type=\"baseline\", kind=\"internal\"}"] = 1,
                ["{__meta_type=\"baseline\", resource.service.name=\"api\"}"] = 2,
                ["{__meta_type=\"baseline\", resource.service.name=\"db\"}"] = 2,
                ["{__meta_type=\"baseline\", resource.service.name=\"worker\"}"] = 1,
                ["{__meta_type=\"baseline\", span.http.status_code=\"int(200)\"}"] = 1,
                ["{__meta_type=\"baseline_total\", name=\"<nil>\"}"] = 5,
                ["{__meta_type=\"baseline_total\", status=\"<nil>\"}"] = 5,
                ["{__meta_type=\"baseline_total\", kind=\"<nil>\"}"] = 5,
                ["{__meta_type=\"baseline_total\", resource.service.name=\"<nil>\"}"] = 5,
                ["{__meta_type=\"baseline_total\", span.http.status_code=\"<nil>\"}"] = 1,
            },
            series);
    }

    [Fact]
    public void Top_n_keeps_the_most_frequent_values_per_attribute()
    {
        var series = Instant("{ } | compare({ status = error }, 2)");

        Assert.Equal(
            ["{__meta_type=\"baseline\", name=\"GET /\"}", "{__meta_type=\"baseline\", name=\"query\"}"],
            series.Keys.Where(k => k.StartsWith("{__meta_type=\"baseline\", name=", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(5, series["{__meta_type=\"baseline_total\", name=\"<nil>\"}"]);
    }

    [Fact]
    public void A_time_window_narrows_the_selection()
    {
        // Only c started in (T+10s, T+20s]; e is an error too but falls to the baseline.
        var series = Instant($"{{ }} | compare({{ status = error }}, 10, {T + (10 * S)}, {T + (20 * S)})");

        Assert.Equal(1, series["{__meta_type=\"selection\", status=\"error\"}"]);
        Assert.Equal(1, series["{__meta_type=\"baseline\", status=\"error\"}"]);
        Assert.Equal(1, series["{__meta_type=\"selection\", name=\"GET /\"}"]);
        Assert.Equal(1, series["{__meta_type=\"baseline\", name=\"POST /\"}"]);
    }

    [Fact]
    public void The_outer_filter_limits_both_sides()
    {
        var series = Instant("{ resource.service.name = \"api\" } | compare({ duration > 400ms })");

        // api spans: g 50ms, a 100ms (baseline); c 500ms, e 2s (selection).
        Assert.Equal(2, series["{__meta_type=\"baseline_total\", name=\"<nil>\"}"]);
        Assert.Equal(2, series["{__meta_type=\"selection_total\", name=\"<nil>\"}"]);
        Assert.Equal(2, series["{__meta_type=\"selection\", span.http.status_code=\"int(500)\"}"]);
        Assert.False(series.ContainsKey("{__meta_type=\"baseline\", resource.service.name=\"db\"}"));
    }

    [Fact]
    public void Range_compare_counts_per_interval()
    {
        var engine = new TraceQLMetricsEngine(new InMemoryTraceReader(All));

        var result = engine.QueryRange("t", "{ } | compare({ status = error })", T, T + (30 * S), 10 * S);

        var status = result.Series.Single(s => s.PromLabels == "{__meta_type=\"selection\", status=\"error\"}");
        Assert.Equal(new double[] { 0, 0, 1, 1 }, status.Values);
        var baseline = result.Series.Single(s => s.PromLabels == "{__meta_type=\"baseline_total\", kind=\"<nil>\"}");
        Assert.Equal(new double[] { 1, 2, 2, 0 }, baseline.Values);
    }
}
