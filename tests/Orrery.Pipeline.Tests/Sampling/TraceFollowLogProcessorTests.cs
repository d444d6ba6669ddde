using Orrery.Pipeline.Sampling;
using Orrery.Pipeline.Sampling.Policies;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Sampling;

public sealed class TraceFollowLogProcessorTests : IDisposable
{
    private static readonly TraceId Kept = TestSpans.Trace(1);
    private static readonly TraceId Dropped = TestSpans.Trace(2);
    private static readonly TraceId Unknown = TestSpans.Trace(3);

    private readonly PipelineTestContext _test = new("trace-follow");
    private readonly LogRecorder _logs = new();

    public void Dispose() => _test.Dispose();

    private TailSamplingProcessor Sampler() =>
        new(new TailSamplingSettings { Policies = [new StatusCodePolicy("errors", [StatusCode.Error])] }, new SpanRecorder(), _test.Context, "tail_sampling");

    private TraceFollowLogProcessor Follow(TraceFollowSettings? settings = null) =>
        new(settings ?? new TraceFollowSettings(), _logs, TraceDecisionRegistry.For(_test.Context), _test.Context);

    private IEnumerable<string> Lines => _logs.Lines.Select(l => l.Line);

    [Fact]
    public async Task Records_are_held_with_their_trace_and_follow_its_decision()
    {
        var sampler = Sampler();
        var follow = Follow();
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Kept, 1) { Status = StatusCode.Error }, new TestSpan(Dropped, 2)));

        var result = await follow.ConsumeAsync("t", TestLogs.Batch(("plain", default), ("of kept", Kept), ("of dropped", Dropped)));

        Assert.Equal(3, result.AcceptedLines);
        Assert.Equal(["plain"], Lines); // no trace id: passes at once
        Assert.Equal(2, follow.HeldRecords);

        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        await follow.ReleaseDueAsync();

        Assert.Equal(["plain", "of kept"], Lines);
        Assert.Equal(0, follow.HeldRecords);
        Assert.Equal("service_name=svc", _logs.Lines[^1].Stream);

        // After the decision, records go straight through or away.
        await follow.ConsumeAsync("t", TestLogs.Batch(("late kept", Kept), ("late dropped", Dropped)));
        Assert.Equal(["plain", "of kept", "late kept"], Lines);
        Assert.Equal(2, _test.Probe["orrery_trace_follow_records{outcome=kept}"]);
        Assert.Equal(2, _test.Probe["orrery_trace_follow_records{outcome=dropped}"]);
    }

    [Fact]
    public async Task Without_a_tail_sampler_every_record_passes()
    {
        var follow = Follow();
        var batch = TestLogs.Batch(("a", Kept), ("b", default));
        await follow.ConsumeAsync("t", batch);
        Assert.Equal(["a", "b"], Lines);
        Assert.Equal(0, follow.HeldRecords);
    }

    [Theory]
    [InlineData(true, new[] { "orphan" })]
    [InlineData(false, new string[0])]
    public async Task A_record_whose_trace_is_never_decided_times_out(bool keepOnTimeout, string[] expected)
    {
        _ = Sampler();
        var follow = Follow(new TraceFollowSettings { MaxWait = TimeSpan.FromSeconds(30), KeepOnTimeout = keepOnTimeout });
        await follow.ConsumeAsync("t", TestLogs.Batch(("orphan", Unknown)));
        _test.Time.Advance(TimeSpan.FromMilliseconds(29_999));
        await follow.ReleaseDueAsync();
        Assert.Empty(Lines);
        _test.Time.Advance(TimeSpan.FromMilliseconds(1));
        await follow.ReleaseDueAsync();
        Assert.Equal(expected, Lines);
        Assert.Equal(0, follow.HeldRecords);
    }

    [Fact]
    public async Task A_full_buffer_releases_the_oldest_held_trace()
    {
        _ = Sampler();
        var follow = Follow(new TraceFollowSettings { MaxRecords = 2 });
        await follow.ConsumeAsync("t", TestLogs.Batch(("1", TestSpans.Trace(10)), ("2", TestSpans.Trace(11))));
        await follow.ConsumeAsync("t", TestLogs.Batch(("3", TestSpans.Trace(12))));
        await follow.ReleaseDueAsync();
        Assert.Equal(["1"], Lines);
        Assert.Equal(2, follow.HeldRecords);
        Assert.Equal(1, _test.Probe["orrery_trace_follow_records{outcome=evicted_kept}"]);
    }

    [Fact]
    public async Task Disposing_releases_held_records()
    {
        _ = Sampler();
        var follow = Follow();
        await follow.ConsumeAsync("t", TestLogs.Batch(("held", Unknown)));
        await follow.DisposeAsync();
        Assert.Equal(["held"], Lines);
    }

    [Fact]
    public async Task Follows_only_the_named_sampler()
    {
        var other = new TailSamplingProcessor(new TailSamplingSettings { Policies = [new AlwaysSamplePolicy("all")] }, new SpanRecorder(), _test.Context, "tail_sampling/all");
        var sampler = Sampler();
        var follow = new TraceFollowLogProcessor(new TraceFollowSettings(), _logs, TraceDecisionRegistry.For(_test.Context).View("tail_sampling"), _test.Context);
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Dropped, 1)));
        await other.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Dropped, 1)));
        await follow.ConsumeAsync("t", TestLogs.Batch(("x", Dropped)));
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        await other.DecideDueAsync();
        await follow.ReleaseDueAsync();
        Assert.Empty(Lines);
        // The registry as a whole says kept: one of its samplers kept the trace.
        Assert.True(TraceDecisionRegistry.For(_test.Context).IsKept("t", Dropped));
    }
}
