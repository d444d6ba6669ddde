using Orrery.Query.PromQL.Engine;
using Orrery.Signals.Metrics;
using static Orrery.Query.Tests.PromQL.Engine.EngineKit;

namespace Orrery.Query.Tests.PromQL.Engine;

public class SelectorTests
{
    private static MemoryMetricReader RampX() => new MemoryMetricReader().Add("x", Ramp(100 * S, 10 * S));

    [Fact]
    public void Range_query_steps_from_start_to_end_inclusive()
    {
        var result = Range(RampX(), "x", 0, 100 * S, 30 * S);
        Assert.Equal(["{__name__=\"x\"} 0@0 30@30 60@60 90@90"], Lines(result));
    }

    [Theory]
    [InlineData(300_000, true)] // Prometheus 2.42's lookback includes its lower end.
    [InlineData(300_001, false)]
    public void Lookback_is_five_minutes_closed(long t, bool found)
    {
        var reader = new MemoryMetricReader().Add("x", (0, 1));
        Assert.Equal(found ? ["{__name__=\"x\"} 1"] : [], Lines(Instant(reader, "x", t)));
    }

    [Theory]
    [InlineData(60_000, true)]
    [InlineData(60_001, false)]
    public void Lookback_delta_is_configurable(long t, bool found)
    {
        var reader = new MemoryMetricReader().Add("x", (0, 1));
        var options = new PromQLOptions { LookbackDeltaMs = 60_000 };
        Assert.Equal(found ? 1 : 0, Lines(Instant(reader, "x", t, options)).Length);
    }

    [Theory]
    [InlineData(5_000, "{__name__=\"x\"} 1")]
    [InlineData(10_000, null)]
    [InlineData(20_000, null)]
    [InlineData(40_000, "{__name__=\"x\"} 3")]
    public void Stale_marker_as_latest_sample_means_no_value(long t, string? expected)
    {
        var reader = new MemoryMetricReader().Add("x", (0, 1), (10_000, StaleMarker.Value), (30_000, 3));
        Assert.Equal(expected is null ? [] : [expected], Lines(Instant(reader, "x", t)));
    }

    [Theory]
    [InlineData("x offset 20s", 50_000, "30")]
    [InlineData("x offset -20s", 50_000, "70")]
    [InlineData("x @ 40", 90_000, "40")]
    [InlineData("x @ 40 offset 10s", 90_000, "30")]
    [InlineData("x @ end()", 20_000, "20")]
    public void Offset_and_at_move_the_reference_time(string query, long t, string expected)
    {
        Assert.Equal([$"{{__name__=\"x\"}} {expected}"], Lines(Instant(RampX(), query, t)));
    }

    [Theory]
    [InlineData("x @ 40", "40@0 40@20 40@40 40@60")]
    [InlineData("x @ start()", "20@20 20@40 20@60")]
    [InlineData("x @ end()", "60@20 60@40 60@60")]
    public void At_makes_a_selector_step_invariant_in_range_queries(string query, string points)
    {
        var start = query.Contains("()", StringComparison.Ordinal) ? 20 * S : 0;
        var result = Range(RampX(), query, start, 60 * S, 20 * S);
        Assert.Equal([$"{{__name__=\"x\"}} {points}"], Lines(result));
    }

    [Fact]
    public void Instant_query_of_a_range_selector_returns_raw_samples_of_the_closed_window()
    {
        var result = Instant(RampX(), "x[30s]", 50 * S);
        Assert.Equal(["{__name__=\"x\"} 20@20 30@30 40@40 50@50"], Lines(result));
    }

    [Fact]
    public void Range_selector_drops_stale_markers()
    {
        var reader = new MemoryMetricReader().Add("x", (0, 1), (10_000, StaleMarker.Value), (20_000, 3));
        Assert.Equal(["{__name__=\"x\"} 1@0 3@20"], Lines(Instant(reader, "x[1m]", 30 * S)));
    }

    [Fact]
    public void Each_selector_reads_storage_once_per_query_not_per_step()
    {
        var reader = RampX();
        var result = Range(reader, "sum(x) + x", 0, 100 * S, 1 * S);
        Assert.Equal(2, reader.SelectCalls);
        Assert.Equal(101, ((MatrixValue)result.Value).Series[0].Floats.Count);
    }

    [Fact]
    public void Range_query_series_are_sorted_by_labels_and_scalars_have_empty_labels()
    {
        var reader = new MemoryMetricReader().Add("b", [("i", "1")], (0, 1)).Add("a", [("i", "2")], (0, 2));
        Assert.Equal(["{__name__=\"a\", i=\"2\"} 2@0 2@10", "{__name__=\"b\", i=\"1\"} 1@0 1@10"], Lines(Range(reader, "b or a", 0, 10 * S, 10 * S)));
        Assert.Equal(["{} 3@0 3@10"], Lines(Range(reader, "1 + 2", 0, 10 * S, 10 * S)));
    }

    [Theory]
    [InlineData("\"foo\"", "string")]
    [InlineData("x[5m]", "range vector")]
    public void Range_query_of_a_string_or_range_vector_is_bad_data(string query, string type)
    {
        var e = Assert.Throws<PromQLException>(() => Range(RampX(), query, 0, 10 * S, 10 * S));
        Assert.Equal(PromErrorType.BadData, e.ErrorType);
        Assert.Equal($"invalid expression type \"{type}\" for range query, must be Scalar or instant Vector", e.Message);
    }

    [Fact]
    public void Instant_query_of_scalar_and_string()
    {
        Assert.Equal(new ScalarValue(5000, 3), Instant(RampX(), "1 + 2", 5000).Value);
        Assert.Equal(new StringValue(5000, "hi"), Instant(RampX(), "\"hi\"", 5000).Value);
    }

    [Fact]
    public void Instant_vector_samples_carry_the_query_time()
    {
        var v = (VectorValue)Instant(RampX(), "x", 55 * S).Value;
        Assert.Equal(55 * S, Assert.Single(v.Samples).T);
        Assert.Equal(50, v.Samples[0].F);
    }
}
