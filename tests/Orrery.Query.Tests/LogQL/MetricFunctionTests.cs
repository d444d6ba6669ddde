using Orrery.Query.LogQL.Engine;
using Orrery.Signals.Labels;
using Orrery.Storage.Logs;

namespace Orrery.Query.Tests.LogQL;

/// <summary>
/// rate_counter and label_replace. {app="c"} reads a counter c: 10 at 10 s, 20 at 20 s, 5 at
/// 30 s (a reset) and 15 at 40 s; {app="d"} has one line at 25 s.
/// </summary>
public class MetricFunctionTests
{
    private const long S = 1_000_000_000;

    private readonly InMemoryLogReader _reader = new InMemoryLogReader()
        .Add(LabelSet.From(("app", "c")), 10 * S, "c=10").Add(LabelSet.From(("app", "c")), 20 * S, "c=20")
        .Add(LabelSet.From(("app", "c")), 30 * S, "c=5").Add(LabelSet.From(("app", "c")), 40 * S, "c=15")
        .Add(LabelSet.From(("app", "d")), 25 * S, "c=1");

    private (string Labels, double Value)[] Instant(string query, long at) =>
        Assert.IsType<VectorResult>(new LogQLEngine(_reader).Execute("default", new LogQLRequest(query, at * S, at * S, 0, LogDirection.Backward, 100)))
            .Samples.Select(s => (s.Labels.ToString(), s.Value)).ToArray();

    [Fact]
    public void Rate_counter_adds_back_resets_and_extrapolates_to_the_window()
    {
        // Window (0, 40]: increase 15 - 10 + 20 (the reset at 30 s) = 25 over 30 s sampled. The
        // first point is 10 s from the start (< 1.1 × the 10 s interval, and the counter would
        // reach zero only 12 s before it), the last is at the end: extrapolate to 40 s.
        // 25 × 40 / 30 / 40 s = 0.8333…
        var sample = Assert.Single(Instant("""rate_counter({app="c"} | logfmt | unwrap c [40s])""", 40));

        Assert.Equal("{app=\"c\"}", sample.Labels);
        Assert.Equal(25.0 / 30, sample.Value, 12);
    }

    [Fact]
    public void Rate_counter_within_a_window_edge_to_edge()
    {
        // Window (15, 35]: 20 at 20 s, 5 at 30 s → increase 5 - 20 + 20 = 5 over 10 s, 5 s to
        // each edge (< 11 s): extrapolated to 20 s → 5 × 20 / 10 / 20 s = 0.5.
        Assert.Equal(0.5, Assert.Single(Instant("""rate_counter({app="c"} | logfmt | unwrap c [20s])""", 35)).Value, 12);
    }

    [Fact]
    public void Rate_counter_needs_two_points()
    {
        Assert.Empty(Instant("""rate_counter({app="d"} | logfmt | unwrap c [20s])""", 30));
    }

    [Theory]
    [InlineData("""label_replace(count_over_time({app="c"}[5s]), "svc", "x-$1", "app", "(.*)")""", "{app=\"c\", svc=\"x-c\"}")]
    [InlineData("""label_replace(count_over_time({app="c"}[5s]), "svc", "${n}", "app", "(?P<n>c)")""", "{app=\"c\", svc=\"c\"}")]
    [InlineData("""label_replace(count_over_time({app="c"}[5s]), "svc", "$1", "app", "z(.*)")""", "{app=\"c\"}")] // no match: unchanged
    [InlineData("""label_replace(count_over_time({app="c"}[5s]), "svc", "$1", "app", "")""", "{app=\"c\"}")] // anchored: "" does not match "c"
    [InlineData("""label_replace(count_over_time({app="c"}[5s]), "app", "", "app", ".*")""", "{}")] // empty result removes the label
    [InlineData("""label_replace(count_over_time({app="c"}[5s]), "src", "$1", "nope", "(.*)")""", "{app=\"c\"}")] // missing source is "", $1 is "": nothing set
    public void Label_replace_rewrites_series_labels(string query, string labels)
    {
        var sample = Assert.Single(Instant(query, 40));

        Assert.Equal(labels, sample.Labels);
        Assert.Equal(1, sample.Value); // one line in (35, 40]: c=15 at 40 s
    }

    [Fact]
    public void Label_replace_that_merges_series_is_an_error()
    {
        var error = Assert.Throws<LogQLException>(() => Instant("""label_replace(count_over_time({app=~"c|d"}[30s]), "app", "same", "app", ".*")""", 30));

        Assert.Contains("same labelset", error.Message, StringComparison.Ordinal);
    }
}
