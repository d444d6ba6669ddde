using Orrery.Query.LogQL.Engine;
using Orrery.Signals.Labels;
using Orrery.Storage.Logs;

namespace Orrery.Query.Tests.LogQL;

/// <summary>
/// Metric queries over a fixed data set: {app="m"} has v=1..5 at 10, 20, 30, 40 and 70 s
/// (3 bytes each); {app="m2"} has v=10 at 15 s and v=20 at 45 s. Windows are (t - range, t].
/// </summary>
public class MetricQueryTests
{
    private const long S = 1_000_000_000;
    private static readonly LabelSet M = LabelSet.From(("app", "m"));
    private static readonly LabelSet M2 = LabelSet.From(("app", "m2"));

    private readonly InMemoryLogReader _reader = new InMemoryLogReader()
        .Add(M, 10 * S, "v=1").Add(M, 20 * S, "v=2").Add(M, 30 * S, "v=3").Add(M, 40 * S, "v=4").Add(M, 70 * S, "v=5")
        .Add(M2, 15 * S, "v=10").Add(M2, 45 * S, "v=20");

    private LogQLResult Range(string query, long start = 30, long end = 90, long step = 30) =>
        new LogQLEngine(_reader).Execute("default", new LogQLRequest(query, start * S, end * S, step * S, LogDirection.Backward, 100));

    private LogQLResult Instant(string query, long at = 60) =>
        new LogQLEngine(_reader).Execute("default", new LogQLRequest(query, at * S, at * S, 0, LogDirection.Backward, 100));

    private static (long Seconds, double Value)[] Points(LogQLResult result, LabelSet? labels = null)
    {
        var matrix = Assert.IsType<MatrixResult>(result);
        var series = labels is null ? Assert.Single(matrix.Series) : matrix.Series.Single(s => s.Labels.Equals(labels));
        return series.Points.Select(p => (p.TimestampNs / S, p.Value)).ToArray();
    }

    private static (string Labels, double Value)[] Samples(LogQLResult result) =>
        Assert.IsType<VectorResult>(result).Samples.Select(s => (s.Labels.ToString(), s.Value)).ToArray();

    [Theory]
    [InlineData("""count_over_time({app="m"}[30s])""", new[] { 3.0, 1, 1 })]
    [InlineData("""rate({app="m"}[30s])""", new[] { 0.1, 1.0 / 30, 1.0 / 30 })]
    [InlineData("""bytes_over_time({app="m"}[30s])""", new[] { 9.0, 3, 3 })]
    [InlineData("""bytes_rate({app="m"}[30s])""", new[] { 0.3, 0.1, 0.1 })]
    [InlineData("""sum_over_time({app="m"} | logfmt | unwrap v [30s])""", new[] { 6.0, 4, 5 })]
    [InlineData("""rate({app="m"} | logfmt | unwrap v [30s])""", new[] { 0.2, 4.0 / 30, 5.0 / 30 })]
    [InlineData("""avg_over_time({app="m"} | logfmt | unwrap v [30s])""", new[] { 2.0, 4, 5 })]
    [InlineData("""min_over_time({app="m"} | logfmt | unwrap v [30s])""", new[] { 1.0, 4, 5 })]
    [InlineData("""max_over_time({app="m"} | logfmt | unwrap v [30s])""", new[] { 3.0, 4, 5 })]
    [InlineData("""first_over_time({app="m"} | logfmt | unwrap v [30s])""", new[] { 1.0, 4, 5 })]
    [InlineData("""last_over_time({app="m"} | logfmt | unwrap v [30s])""", new[] { 3.0, 4, 5 })]
    [InlineData("""stdvar_over_time({app="m"} | logfmt | unwrap v [30s])""", new[] { 2.0 / 3, 0, 0 })]
    [InlineData("""quantile_over_time(0.5, {app="m"} | logfmt | unwrap v [30s])""", new[] { 2.0, 4, 5 })]
    [InlineData("""quantile_over_time(0.25, {app="m"} | logfmt | unwrap v [30s])""", new[] { 1.5, 4, 5 })]
    public void Range_aggregations_at_each_step(string query, double[] expected)
    {
        var points = Points(Range(query));

        Assert.Equal([30L, 60, 90], points.Select(p => p.Seconds));
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], points[i].Value, 12);
    }

    [Fact]
    public void Stddev_over_time_is_the_population_deviation()
    {
        Assert.Equal(Math.Sqrt(2.0 / 3), Points(Range("""stddev_over_time({app="m"} | logfmt | unwrap v [30s])"""))[0].Value, 12);
    }

    [Fact]
    public void Steps_run_from_start_by_step_to_end_and_windows_are_left_open()
    {
        // Steps 25, 35, 45, 55: windows (15,25] (25,35] (35,45] (45,55] hold 20, 30, 40 and nothing.
        var points = Points(Range("""count_over_time({app="m"}[10s])""", start: 25, end: 55, step: 10));

        Assert.Equal([(25L, 1.0), (35, 1), (45, 1)], points);
    }

    [Fact]
    public void Offset_moves_the_window_back()
    {
        Assert.Equal([(60L, 3.0), (90, 1)], Points(Range("""count_over_time({app="m"}[30s] offset 30s)""", start: 60)));
    }

    [Fact]
    public void Absent_over_time_reports_steps_without_lines_with_the_selector_labels()
    {
        Assert.Equal([(60L, 1.0), (90, 1)], Points(Range("""absent_over_time({app="m"}[10s])""")));
        var absent = Assert.IsType<MatrixResult>(Range("""absent_over_time({app="none", env=~"x"}[10s])"""));
        Assert.Equal(LabelSet.From(("app", "none")), Assert.Single(absent.Series).Labels);
    }

    [Fact]
    public void Unwrap_with_duration_and_bytes_conversions()
    {
        _reader.Add(LabelSet.From(("app", "u")), 10 * S, "took=1.5s size=2KiB").Add(LabelSet.From(("app", "u")), 20 * S, "took=250ms size=1KB");

        Assert.Equal(1.75, Points(Range("""sum_over_time({app="u"} | logfmt | unwrap duration(took) [30s]) by (app)""", start: 30, end: 30))[0].Value, 12);
        Assert.Equal(3048, Points(Range("""sum_over_time({app="u"} | logfmt | unwrap bytes(size) [30s]) by (app)""", start: 30, end: 30))[0].Value, 12);
    }

    [Fact]
    public void Unwrap_removes_the_unwrapped_label_and_grouping_reduces_samples_before_aggregating()
    {
        _reader.Add(LabelSet.From(("app", "g"), ("pod", "a")), 10 * S, "path=/x v=1")
            .Add(LabelSet.From(("app", "g"), ("pod", "b")), 20 * S, "path=/x v=3")
            .Add(LabelSet.From(("app", "g"), ("pod", "b")), 25 * S, "path=/y v=5");

        var plain = Assert.IsType<MatrixResult>(Range("""max_over_time({app="g"} | logfmt | unwrap v [30s])""", start: 30, end: 30));
        var grouped = Assert.IsType<MatrixResult>(Range("""avg_over_time({app="g"} | logfmt | unwrap v [30s]) by (path)""", start: 30, end: 30));

        Assert.Equal(3, plain.Series.Count);
        Assert.All(plain.Series, s => Assert.False(s.Labels.Has("v")));
        Assert.Equal([("{path=\"/x\"}", 2.0), ("{path=\"/y\"}", 5.0)], grouped.Series.Select(s => (s.Labels.ToString(), s.Points[0].Value)));
    }

    [Fact]
    public void Pipeline_errors_fail_metric_queries_unless_filtered()
    {
        _reader.Add(LabelSet.From(("app", "j")), 10 * S, "{\"a\":1}").Add(LabelSet.From(("app", "j")), 20 * S, "nope");

        var error = Assert.Throws<LogQLException>(() => Range("""count_over_time({app="j"} | json [30s])""", start: 30, end: 30));
        var filtered = Points(Range("""count_over_time({app="j"} | json | __error__="" [30s])""", start: 30, end: 30));
        var unwrapError = Assert.Throws<LogQLException>(() => Range("""sum_over_time({app="j"} | json | unwrap a [30s])""", start: 30, end: 30));

        Assert.StartsWith("pipeline error: 'JSONParserErr'", error.Message, StringComparison.Ordinal);
        Assert.Equal([(30L, 1.0)], filtered);
        Assert.Contains("JSONParserErr", unwrapError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unwrap_conversion_failures_can_be_filtered_after_unwrap()
    {
        _reader.Add(LabelSet.From(("app", "c")), 10 * S, "v=abc").Add(LabelSet.From(("app", "c")), 20 * S, "v=4");

        Assert.Throws<LogQLException>(() => Range("""sum_over_time({app="c"} | logfmt | unwrap v [30s])""", start: 30, end: 30));
        Assert.Equal([(30L, 4.0)], Points(Range("""sum_over_time({app="c"} | logfmt | unwrap v | __error__="" [30s])""", start: 30, end: 30)));
    }

    // At t=60 with [60s]: m has 10, 20, 30, 40 (4 lines), m2 has 15, 45 (2 lines).
    [Theory]
    [InlineData("sum", 6)]
    [InlineData("avg", 3)]
    [InlineData("min", 2)]
    [InlineData("max", 4)]
    [InlineData("count", 2)]
    [InlineData("stddev", 1)]
    [InlineData("stdvar", 1)]
    public void Vector_aggregations_without_grouping(string op, double expected)
    {
        Assert.Equal([("{}", expected)], Samples(Instant($$"""{{op}}(count_over_time({app=~"m.*"}[60s]))""")));
    }

    [Fact]
    public void Vector_aggregations_with_by_and_without()
    {
        Assert.Equal([("{app=\"m\"}", 4.0), ("{app=\"m2\"}", 2.0)], Samples(Instant("""sum by (app) (count_over_time({app=~"m.*"}[60s]))""")));
        Assert.Equal([("{}", 6.0)], Samples(Instant("""sum without (app) (count_over_time({app=~"m.*"}[60s]))""")));
        Assert.Equal([("{app=\"m\"}", 4.0), ("{app=\"m2\"}", 2.0)], Samples(Instant("""sum(count_over_time({app=~"m.*"}[60s])) by (app)""")));
    }

    [Fact]
    public void Topk_bottomk_and_sort()
    {
        Assert.Equal([("{app=\"m\"}", 4.0)], Samples(Instant("""topk(1, count_over_time({app=~"m.*"}[60s]))""")));
        Assert.Equal([("{app=\"m2\"}", 2.0)], Samples(Instant("""bottomk(1, count_over_time({app=~"m.*"}[60s]))""")));
        Assert.Equal([("{app=\"m2\"}", 2.0), ("{app=\"m\"}", 4.0)], Samples(Instant("""sort(count_over_time({app=~"m.*"}[60s]))""")));
        Assert.Equal([("{app=\"m\"}", 4.0), ("{app=\"m2\"}", 2.0)], Samples(Instant("""sort_desc(count_over_time({app=~"m.*"}[60s]))""")));
    }

    [Fact]
    public void Topk_over_a_range_picks_per_step()
    {
        // t=30 [30s]: m 3, m2 1 → m; t=60: m 1 (40), m2 1 (45) → tie, label order picks m; t=90: m 1 (70), m2 none → m.
        var matrix = Assert.IsType<MatrixResult>(Range("""topk(1, count_over_time({app=~"m.*"}[30s]))"""));

        Assert.Equal(M, Assert.Single(matrix.Series).Labels);
    }

    [Theory]
    [InlineData("""count_over_time({app="m"}[60s]) * 2""", "{app=\"m\"}", 8)]
    [InlineData("""2 ^ count_over_time({app="m"}[60s])""", "{app=\"m\"}", 16)]
    [InlineData("""count_over_time({app="m"}[60s]) % 3""", "{app=\"m\"}", 1)]
    [InlineData("""sum(count_over_time({app="m"}[60s])) / sum(count_over_time({app="m2"}[60s]))""", "{}", 2)]
    [InlineData("""count_over_time({app="m"}[60s]) - ignoring (app) count_over_time({app="m2"}[60s])""", "{}", 2)]
    [InlineData("""count_over_time({app="m"}[60s]) - on () count_over_time({app="m2"}[60s])""", "{}", 2)]
    [InlineData("""count_over_time({app=~"m.*"}[60s]) > 3""", "{app=\"m\"}", 4)]
    [InlineData("""3 < count_over_time({app=~"m.*"}[60s])""", "{app=\"m\"}", 4)]
    [InlineData("""count_over_time({app=~"m.*"}[60s]) and count_over_time({app="m"}[60s])""", "{app=\"m\"}", 4)]
    [InlineData("""count_over_time({app=~"m.*"}[60s]) unless count_over_time({app="m"}[60s])""", "{app=\"m2\"}", 2)]
    public void Binary_operators_give_one_sample(string query, string labels, double value)
    {
        Assert.Equal([(labels, value)], Samples(Instant(query)));
    }

    [Fact]
    public void Comparisons_with_bool_return_zero_or_one()
    {
        Assert.Equal([("{app=\"m\"}", 1.0), ("{app=\"m2\"}", 0.0)], Samples(Instant("""count_over_time({app=~"m.*"}[60s]) > bool 3""")));
    }

    [Fact]
    public void Or_adds_right_hand_series_missing_on_the_left()
    {
        Assert.Equal([("{app=\"m\"}", 4.0), ("{app=\"m2\"}", 2.0)], Samples(Instant("""count_over_time({app="m"}[60s]) or count_over_time({app="m2"}[60s])""")));
    }

    [Fact]
    public void Group_left_copies_labels_from_the_one_side()
    {
        _reader.Add(LabelSet.From(("app", "m"), ("team", "core")), 50 * S, "owner");

        var samples = Samples(Instant("""count_over_time({app="m", team=""}[60s]) * on (app) group_left (team) count_over_time({team="core"}[60s])"""));

        Assert.Equal([("{app=\"m\", team=\"core\"}", 4.0)], samples);
    }

    [Fact]
    public void Scalars_and_vector()
    {
        Assert.Equal(7, Assert.IsType<ScalarResult>(Instant("1 + 2 * 3")).Value);
        Assert.Equal([(30L, 1.0), (60, 1), (90, 1)], Points(Range("vector(1)")));
        Assert.Equal([(30L, 2.0), (60, 2), (90, 2)], Points(Range("1 + 1")));
    }

    [Fact]
    public void Limits_on_points_and_series()
    {
        var points = Assert.Throws<LogQLException>(() => Range("""count_over_time({app="m"}[1m])""", start: 0, end: 100_000, step: 1));
        var series = Assert.Throws<LogQLException>(() =>
            new LogQLEngine(_reader, new LogQLLimits { MaxSeries = 1 }).Execute("default", new LogQLRequest("""count_over_time({app=~"m.*"}[1m])""", 60 * S, 60 * S, 0, LogDirection.Backward, 100)));

        Assert.Contains("exceeded maximum resolution of 11000 points", points.Message, StringComparison.Ordinal);
        Assert.Contains("maximum of series (1)", series.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Structured_metadata_splits_series_and_an_outer_sum_merges_them_back()
    {
        var t = LabelSet.From(("app", "t"));
        _reader.Add(t, 10 * S, "level=info v=1", ("trace_id", "a")).Add(t, 20 * S, "level=info v=7", ("trace_id", "b")).Add(t, 25 * S, "level=warn v=2", ("trace_id", "c"));

        var split = Assert.IsType<VectorResult>(Instant("""count_over_time({app="t"}[1m])""", at: 30));
        var byLevel = Samples(Instant("""sum by (level) (count_over_time({app="t"} | logfmt [1m]))""", at: 30));
        var maxByLevel = Samples(Instant("""max by (level) (max_over_time({app="t"} | logfmt | unwrap v [1m]))""", at: 30));
        var total = Samples(Instant("""sum(rate({app="t"}[1m]))""", at: 30));

        Assert.Equal(3, split.Samples.Count);
        Assert.Equal([("{level=\"info\"}", 2.0), ("{level=\"warn\"}", 1.0)], byLevel);
        Assert.Equal([("{level=\"info\"}", 7.0), ("{level=\"warn\"}", 2.0)], maxByLevel);
        Assert.Equal([("{}", 3.0 / 60)], total);
    }
}
