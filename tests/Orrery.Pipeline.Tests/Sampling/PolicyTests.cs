using Orrery.Pipeline.Sampling;
using Orrery.Pipeline.Sampling.Policies;
using Orrery.Signals;
using Orrery.Signals.Traces;
using static Orrery.Pipeline.Sampling.SamplingDecision;

namespace Orrery.Pipeline.Tests.Sampling;

public class PolicyTests
{
    private static readonly TraceId T = TestSpans.Trace(1);

    /// <summary>A buffered trace of the given spans, as the processor would hold it.</summary>
    private static BufferedTrace TraceOf(params TestSpan[] spans)
    {
        var batch = TestSpans.Batch(spans);
        var trace = new BufferedTrace();
        trace.Start("t", spans.Length > 0 ? spans[0].Trace : T, 0);
        for (var i = 0; i < batch.Count; i++) trace.Add(batch, i);
        return trace;
    }

    private static BufferedTrace Empty()
    {
        var trace = new BufferedTrace();
        trace.Start("t", T, 0);
        return trace;
    }

    [Theory]
    [InlineData(0, 99, false)]
    [InlineData(0, 100, true)] // exactly the threshold keeps
    [InlineData(0, 5000, true)]
    [InlineData(200, 100, false)] // with an upper bound the lower one is strict, as in the collector
    [InlineData(200, 101, true)]
    [InlineData(200, 200, true)] // exactly the upper bound keeps
    [InlineData(200, 201, false)]
    public void Latency_threshold_boundaries(long upper, long durationMs, bool kept)
    {
        var policy = new LatencyPolicy("slow", 100, upper);
        var trace = TraceOf(new TestSpan(T, 1) { DurationMs = durationMs });
        Assert.Equal(kept ? Sampled : NotSampled, policy.Evaluate(trace, 0));
    }

    [Fact]
    public void Latency_measures_the_trace_from_its_earliest_start_to_its_latest_end()
    {
        var policy = new LatencyPolicy("slow", 100, 0);
        // Two 60 ms spans, the second starting 50 ms after the first: the trace lasts 110 ms.
        var trace = TraceOf(new TestSpan(T, 1) { DurationMs = 60 }, new TestSpan(T, 2) { StartNs = 1_050_000_000, DurationMs = 60 });
        Assert.Equal(Sampled, policy.Evaluate(trace, 0));
    }

    [Fact]
    public void Every_policy_leaves_an_empty_trace_unsampled_except_always_sample()
    {
        ISamplingPolicy[] policies =
        [
            new LatencyPolicy("l", 0, 0),
            new StatusCodePolicy("s", [StatusCode.Unset, StatusCode.Ok, StatusCode.Error]),
            new NumericAttributePolicy("n", "k", 0, 10, false),
            new StringAttributePolicy("s", "k", ["v"], false, false),
            new SpanCountPolicy("c", 1, 0),
            new TraceStatePolicy("ts", "k", ["v"]),
            new BooleanAttributePolicy("b", "k", true, false),
        ];
        foreach (var p in policies) Assert.Equal(NotSampled, p.Evaluate(Empty(), 0));
        Assert.Equal(Sampled, new AlwaysSamplePolicy("a").Evaluate(Empty(), 0));
    }

    [Theory]
    [InlineData(StatusCode.Error, new[] { "ERROR" }, true)]
    [InlineData(StatusCode.Ok, new[] { "ERROR" }, false)]
    [InlineData(StatusCode.Unset, new[] { "ERROR" }, false)]
    [InlineData(StatusCode.Unset, new[] { "ERROR", "UNSET" }, true)]
    [InlineData(StatusCode.Error, new[] { "OK" }, true)] // the other span is OK
    public void Status_code_keeps_traces_with_a_listed_status(StatusCode status, string[] codes, bool kept)
    {
        var policy = new StatusCodePolicy("errors", codes.Select(c => Enum.Parse<StatusCode>(c, ignoreCase: true)).ToArray());
        var trace = TraceOf(new TestSpan(T, 1) { Status = StatusCode.Ok }, new TestSpan(T, 2) { Status = status });
        Assert.Equal(kept ? Sampled : NotSampled, policy.Evaluate(trace, 0));
    }

    [Theory]
    [InlineData(9L, false)]
    [InlineData(10L, true)]
    [InlineData(20L, true)]
    [InlineData(21L, false)]
    [InlineData(15.5, true)]
    [InlineData(20.0001, false)]
    [InlineData("15", false)] // a string is not a number
    public void Numeric_attribute_bounds_are_inclusive(object value, bool kept)
    {
        var trace = TraceOf(new TestSpan(T, 1) { Attributes = new Dictionary<string, object> { ["http.status_code"] = value } });
        Assert.Equal(kept ? Sampled : NotSampled, new NumericAttributePolicy("n", "http.status_code", 10, 20, false).Evaluate(trace, 0));
        Assert.Equal(kept ? InvertNotSampled : InvertSampled, new NumericAttributePolicy("n", "http.status_code", 10, 20, true).Evaluate(trace, 0));
    }

    [Fact]
    public void Numeric_attribute_with_only_a_minimum_is_open_above()
    {
        var trace = TraceOf(new TestSpan(T, 1) { Attributes = new Dictionary<string, object> { ["n"] = long.MaxValue } });
        Assert.Equal(Sampled, new NumericAttributePolicy("n", "n", 500, null, false).Evaluate(trace, 0));
    }

    [Theory]
    [InlineData("checkout", false, false, Sampled)]
    [InlineData("check", false, false, NotSampled)] // exact match only
    [InlineData("check", true, false, Sampled)] // regex is unanchored
    [InlineData("other", false, false, NotSampled)]
    [InlineData("checkout", false, true, InvertNotSampled)]
    [InlineData("other", false, true, InvertSampled)]
    public void String_attribute_matches_exactly_or_by_regex_on_span_or_resource(string configured, bool regex, bool invert, SamplingDecision expected)
    {
        var onSpan = TraceOf(new TestSpan(T, 1) { Attributes = new Dictionary<string, object> { ["route"] = "checkout" } });
        var onResource = TraceOf(new TestSpan(T, 1) { ResourceAttributes = new Dictionary<string, object> { ["route"] = "checkout" } });
        var policy = new StringAttributePolicy("s", "route", [configured], regex, invert);
        Assert.Equal(expected, policy.Evaluate(onSpan, 0));
        Assert.Equal(expected, policy.Evaluate(onResource, 0));
    }

    [Fact]
    public void String_attribute_regex_anchors_when_written()
    {
        var trace = TraceOf(new TestSpan(T, 1) { Attributes = new Dictionary<string, object> { ["http.target"] = "/api/health" } });
        Assert.Equal(NotSampled, new StringAttributePolicy("s", "http.target", ["^/health"], true, false).Evaluate(trace, 0));
        Assert.Equal(Sampled, new StringAttributePolicy("s", "http.target", ["^/api/.*$"], true, false).Evaluate(trace, 0));
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(100.0, 10_000)]
    public void Probabilistic_extremes_keep_none_or_all(double percentage, int expected)
    {
        var policy = new ProbabilisticPolicy("p", percentage);
        var kept = Enumerable.Range(0, 10_000).Count(i => policy.Evaluate(TraceOf(new TestSpan(RandomTrace(i), 1)), 0) == Sampled);
        Assert.Equal(expected, kept);
    }

    [Fact]
    public void Probabilistic_keeps_the_share_asked_for_and_every_node_decides_the_same()
    {
        var a = new ProbabilisticPolicy("p", 10);
        var b = new ProbabilisticPolicy("p", 10);
        const int n = 20_000;
        var keptA = 0;
        for (var i = 0; i < n; i++)
        {
            var trace = TraceOf(new TestSpan(RandomTrace(i), 1));
            var d = a.Evaluate(trace, 0);
            Assert.Equal(d, b.Evaluate(trace, 0));
            if (d == Sampled) keptA++;
        }
        // Binomial(20000, 0.1): sd ≈ 42; ±5 sd never fails by chance in practice.
        Assert.InRange(keptA, 2000 - 212, 2000 + 212);
    }

    [Fact]
    public void Probabilistic_salt_changes_which_traces_are_kept()
    {
        var plain = new ProbabilisticPolicy("p", 50);
        var salted = new ProbabilisticPolicy("p", 50, "other");
        var differ = Enumerable.Range(0, 1000).Count(i =>
        {
            var t = TraceOf(new TestSpan(RandomTrace(i), 1));
            return plain.Evaluate(t, 0) != salted.Evaluate(t, 0);
        });
        Assert.InRange(differ, 300, 700);
    }

    [Fact]
    public void Rate_limiting_keeps_traces_while_the_second_has_room()
    {
        var policy = new RateLimitingPolicy("r", 10);
        var four = TraceOf(new TestSpan(T, 1), new TestSpan(T, 2), new TestSpan(T, 3), new TestSpan(T, 4));
        var two = TraceOf(new TestSpan(T, 1), new TestSpan(T, 2));
        Assert.Equal(Sampled, policy.Evaluate(four, 1000)); // 4
        Assert.Equal(Sampled, policy.Evaluate(four, 1500)); // 8
        Assert.Equal(NotSampled, policy.Evaluate(four, 1999)); // 12 > 10
        Assert.Equal(Sampled, policy.Evaluate(two, 1999)); // exactly 10
        Assert.Equal(NotSampled, policy.Evaluate(two, 1999));
        Assert.Equal(Sampled, policy.Evaluate(four, 2000)); // a new second
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public void Span_count_bounds_are_inclusive(int spans, bool kept)
    {
        var trace = TraceOf(Enumerable.Range(1, spans).Select(i => new TestSpan(T, (ulong)i)).ToArray());
        Assert.Equal(kept ? Sampled : NotSampled, new SpanCountPolicy("c", 2, 3).Evaluate(trace, 0));
    }

    [Theory]
    [InlineData("vendor=a", true)]
    [InlineData("ot=th:0, vendor=a", true)]
    [InlineData("vendor=ab", false)]
    [InlineData("other=a", false)]
    [InlineData("", false)]
    public void Trace_state_matches_a_key_with_a_listed_value(string traceState, bool kept)
    {
        var trace = TraceOf(new TestSpan(T, 1) { TraceState = traceState });
        Assert.Equal(kept ? Sampled : NotSampled, new TraceStatePolicy("ts", "vendor", ["a", "b"]).Evaluate(trace, 0));
    }

    [Theory]
    [InlineData(true, true, false, Sampled)]
    [InlineData(false, true, false, NotSampled)]
    [InlineData(true, true, true, InvertNotSampled)]
    [InlineData(false, true, true, InvertSampled)]
    public void Boolean_attribute_matches_the_value(bool actual, bool wanted, bool invert, SamplingDecision expected)
    {
        var trace = TraceOf(new TestSpan(T, 1) { Attributes = new Dictionary<string, object> { ["debug"] = actual } });
        Assert.Equal(expected, new BooleanAttributePolicy("b", "debug", wanted, invert).Evaluate(trace, 0));
    }

    [Fact]
    public void Boolean_attribute_ignores_a_string_that_reads_true()
    {
        var trace = TraceOf(new TestSpan(T, 1) { Attributes = new Dictionary<string, object> { ["debug"] = "true" } });
        Assert.Equal(NotSampled, new BooleanAttributePolicy("b", "debug", true, false).Evaluate(trace, 0));
    }

    [Fact]
    public void And_keeps_only_when_every_sub_policy_keeps()
    {
        var error = TraceOf(new TestSpan(T, 1) { Status = StatusCode.Error, DurationMs = 500 });
        var fastError = TraceOf(new TestSpan(T, 1) { Status = StatusCode.Error, DurationMs = 5 });
        var and = new AndPolicy("slow-errors", [new StatusCodePolicy("e", [StatusCode.Error]), new LatencyPolicy("l", 100, 0)]);
        Assert.Equal(Sampled, and.Evaluate(error, 0));
        Assert.Equal(NotSampled, and.Evaluate(fastError, 0));
        // An inverted "no match" counts as a vote to keep.
        var inverted = new AndPolicy("i", [new AlwaysSamplePolicy("a"), new BooleanAttributePolicy("b", "debug", true, invert: true)]);
        Assert.Equal(Sampled, inverted.Evaluate(error, 0));
    }

    [Fact]
    public void Composite_spends_each_policy_share_in_order()
    {
        // 10 spans/s: errors get 60 % (6), the rest 40 % (4).
        var composite = new CompositePolicy("c", 10,
        [
            (new StatusCodePolicy("errors", [StatusCode.Error]), 60),
            (new AlwaysSamplePolicy("rest"), 40),
        ]);
        var error = TraceOf(new TestSpan(T, 1) { Status = StatusCode.Error }, new TestSpan(T, 2), new TestSpan(T, 3));
        var ok = TraceOf(new TestSpan(T, 1), new TestSpan(T, 2));
        Assert.Equal(Sampled, composite.Evaluate(error, 0)); // errors 3/6
        Assert.Equal(Sampled, composite.Evaluate(error, 0)); // errors 6/6
        Assert.Equal(Sampled, composite.Evaluate(error, 0)); // errors full: falls to rest 3/4
        Assert.Equal(NotSampled, composite.Evaluate(ok, 0)); // rest would be 5/4
        Assert.Equal(Sampled, composite.Evaluate(ok, 1000)); // next second
    }

    [Fact]
    public void Composite_without_allocations_shares_equally()
    {
        var composite = new CompositePolicy("c", 4, [(new AlwaysSamplePolicy("a"), null), (new StatusCodePolicy("e", [StatusCode.Error]), null)]);
        var one = TraceOf(new TestSpan(T, 1));
        Assert.Equal(Sampled, composite.Evaluate(one, 0));
        Assert.Equal(Sampled, composite.Evaluate(one, 0));
        Assert.Equal(NotSampled, composite.Evaluate(one, 0)); // a's share is 2
    }

    [Theory]
    [InlineData(true, false, false, false, true)]
    [InlineData(false, true, false, false, false)]
    [InlineData(false, false, true, false, true)] // inverted match alone keeps
    [InlineData(false, true, true, false, false)] // ... unless another policy said no
    [InlineData(true, false, false, true, false)] // inverted veto beats a keep
    public void Decisions_combine_as_in_the_collector(bool sampled, bool notSampled, bool invertSampled, bool invertNotSampled, bool kept) =>
        Assert.Equal(kept, SamplingDecisions.Combine(sampled, notSampled, invertSampled, invertNotSampled));

    private static TraceId RandomTrace(int seed)
    {
        var r = new Random(seed);
        return new TraceId((ulong)r.NextInt64(), (ulong)r.NextInt64());
    }
}
