using System.Diagnostics.Metrics;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Sampling;
using Orrery.Pipeline.Sampling.Policies;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Sampling;

public sealed class TailSamplingProcessorTests : IDisposable
{
    private readonly PipelineTestContext _test = new("tail-sampling");
    private readonly SpanRecorder _store = new();

    public void Dispose() => _test.Dispose();

    private TailSamplingProcessor Sampler(int numTraces = 100, bool respectFlag = true, params ISamplingPolicy[] policies) =>
        new(new TailSamplingSettings
        {
            NumTraces = numTraces,
            RespectSampledFlag = respectFlag,
            Policies = policies.Length > 0 ? policies : [new StatusCodePolicy("errors", [StatusCode.Error])],
        }, _store, _test.Context);

    private static readonly TraceId Ok = TestSpans.Trace(1);
    private static readonly TraceId Failed = TestSpans.Trace(2);

    [Fact]
    public async Task Holds_spans_until_decision_wait_then_forwards_only_kept_traces()
    {
        var sampler = Sampler();
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Ok, 1), new TestSpan(Failed, 2) { Status = StatusCode.Error }));
        _test.Time.Advance(TimeSpan.FromMilliseconds(5_000));
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Ok, 3), new TestSpan(Failed, 4)));

        _test.Time.Advance(TimeSpan.FromMilliseconds(4_999));
        await sampler.DecideDueAsync();
        Assert.Empty(_store.Spans);
        Assert.Null(sampler.IsKept("t", Failed));

        _test.Time.Advance(TimeSpan.FromMilliseconds(1)); // exactly decision_wait after the first span
        await sampler.DecideDueAsync();

        Assert.Equal([("t", Failed, 2UL), ("t", Failed, 4UL)], _store.Spans.OrderBy(s => s.Span));
        Assert.True(sampler.IsKept("t", Failed));
        Assert.False(sampler.IsKept("t", Ok));
        Assert.Equal(0, sampler.BufferedTraces);
        Assert.Equal(1, _test.Probe["orrery_tail_sampling_traces{decision=kept}"]);
        Assert.Equal(1, _test.Probe["orrery_tail_sampling_traces{decision=dropped}"]);
        Assert.Equal(1, _test.Probe["orrery_tail_sampling_policy_decisions{policy=errors,decision=sampled}"]);
        Assert.Equal(1, _test.Probe["orrery_tail_sampling_policy_decisions{policy=errors,decision=not_sampled}"]);
    }

    [Fact]
    public async Task Late_spans_follow_the_decision_of_their_trace()
    {
        var sampler = Sampler();
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Ok, 1), new TestSpan(Failed, 2) { Status = StatusCode.Error }));
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        var batchesBefore = _store.Batches;

        // A late span of the kept trace is forwarded within the call (durable when acknowledged),
        // a late span of the dropped trace is dropped, even an error one.
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Failed, 5), new TestSpan(Ok, 6) { Status = StatusCode.Error }));

        Assert.Equal(batchesBefore + 1, _store.Batches);
        Assert.Contains(("t", Failed, 5UL), _store.Spans);
        Assert.DoesNotContain(_store.Spans, s => s.Span == 6);
        Assert.Equal(0, sampler.BufferedTraces);
        Assert.Equal(1, _test.Probe["orrery_tail_sampling_late_spans{decision=kept}"]);
        Assert.Equal(1, _test.Probe["orrery_tail_sampling_late_spans{decision=dropped}"]);
    }

    [Fact]
    public async Task A_late_span_alone_in_a_batch_is_forwarded_as_is()
    {
        var sampler = Sampler();
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Failed, 1) { Status = StatusCode.Error }));
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        var late = TestSpans.Batch(new TestSpan(Failed, 2));
        var forwarded = new List<SpanBatch>();
        var capture = new TailSamplingProcessor(new TailSamplingSettings { Policies = [new AlwaysSamplePolicy("all")] }, new Capture(forwarded), _test.Context, "other");
        await capture.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Failed, 1)));
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await capture.DecideDueAsync();
        await capture.ConsumeAsync("t", late);
        Assert.Same(late, forwarded[^1]);
    }

    [Fact]
    public async Task Reaching_num_traces_decides_the_oldest_trace_early_and_counts_it()
    {
        var sampler = Sampler(numTraces: 2);
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(TestSpans.Trace(10), 1) { Status = StatusCode.Error }));
        _test.Time.Advance(TimeSpan.FromSeconds(1));
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(TestSpans.Trace(11), 2)));
        Assert.Empty(_store.Spans);

        // A third trace: the oldest (an error trace) is decided now, with the spans it has.
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(TestSpans.Trace(12), 3) { Status = StatusCode.Error }));

        Assert.Equal([("t", TestSpans.Trace(10), 1UL)], _store.Spans);
        Assert.Equal(2, sampler.BufferedTraces);
        Assert.Equal(1, _test.Probe["orrery_tail_sampling_traces_decided_early"]);
        // A span of a buffered trace does not evict anything.
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(TestSpans.Trace(11), 4)));
        Assert.Equal(1, _test.Probe["orrery_tail_sampling_traces_decided_early"]);

        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        Assert.Equal(2, _store.Traces.Count());
        Assert.Equal(0, sampler.BufferedTraces);
    }

    [Theory]
    [InlineData(0x000u, true, true)] // no flag information: policies decide
    [InlineData(0x001u, true, true)] // sampled
    [InlineData(0x101u, true, true)] // sampled, with the is-remote bits
    [InlineData(0x100u, true, false)] // flags known, sampled bit clear: head sampling said no
    [InlineData(0x100u, false, true)] // ... unless told to ignore the flag
    public async Task Respects_the_sampled_flag_when_the_producer_set_flags(uint flags, bool respect, bool stored)
    {
        var sampler = Sampler(respectFlag: respect, policies: new AlwaysSamplePolicy("all"));
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Ok, 1) { Flags = flags }));
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        Assert.Equal(stored, _store.Spans.Count == 1);
        Assert.Equal(stored ? 0 : 1, _test.Probe["orrery_tail_sampling_head_unsampled_spans"]);
    }

    [Fact]
    public async Task Tenants_are_sampled_apart_even_with_the_same_trace_id()
    {
        var sampler = Sampler();
        await sampler.ConsumeAsync("a", TestSpans.Batch(new TestSpan(Ok, 1) { Status = StatusCode.Error }));
        await sampler.ConsumeAsync("b", TestSpans.Batch(new TestSpan(Ok, 2)));
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        Assert.Equal([("a", Ok, 1UL)], _store.Spans);
        Assert.True(sampler.IsKept("a", Ok));
        Assert.False(sampler.IsKept("b", Ok));
        Assert.Null(sampler.IsKept("c", Ok));
    }

    [Fact]
    public async Task Announces_decisions_after_they_are_visible()
    {
        var sampler = Sampler();
        var seen = new List<(TraceDecision Decision, bool? IsKept)>();
        using var _ = sampler.Subscribe(new Listener(d => seen.Add((d, sampler.IsKept(d.Tenant, d.TraceId)))));
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Ok, 1), new TestSpan(Failed, 2) { Status = StatusCode.Error }));
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        Assert.Equal(2, seen.Count);
        Assert.All(seen, s => Assert.Equal(s.Decision.Kept, s.IsKept));
        Assert.Contains(seen, s => s.Decision == new TraceDecision("t", Failed, true));
    }

    [Fact]
    public async Task Disposing_decides_every_held_trace()
    {
        var sampler = Sampler();
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Failed, 1) { Status = StatusCode.Error }));
        await sampler.DisposeAsync();
        Assert.Single(_store.Spans);
    }

    [Fact]
    public async Task Downstream_failure_after_the_decision_is_counted()
    {
        var sampler = Sampler();
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Failed, 1) { Status = StatusCode.Error }, new TestSpan(Failed, 2)));
        _store.Fail = true;
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        Assert.Equal(2, _test.Probe["orrery_tail_sampling_forward_failed_spans"]);
    }

    [Fact]
    public async Task A_kept_trace_arrives_whole_with_its_resources()
    {
        var sampler = Sampler(policies: new AlwaysSamplePolicy("all"));
        var forwarded = new List<SpanBatch>();
        var capture = new TailSamplingProcessor(new TailSamplingSettings { Policies = [new AlwaysSamplePolicy("all")] }, new Capture(forwarded), _test.Context, "capture");
        await capture.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Ok, 1, Service: "front") { Attributes = new Dictionary<string, object> { ["k"] = "v" } }));
        await capture.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Ok, 2, Parent: 1, Service: "back", Name: "db")));
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await capture.DecideDueAsync();
        // Each arrival batch was kept whole, so each goes on as it came.
        Assert.Equal([1, 1], forwarded.Select(b => b.Count));
        Assert.Equal("front", System.Text.Encoding.UTF8.GetString(forwarded[0].ServiceName(0)));
        Assert.Equal("v", forwarded[0].String(forwarded[0].SpanAttributes[forwarded[0].FindSpanAttribute(0, "k"u8)].Value.Bytes));
        Assert.Equal("back", System.Text.Encoding.UTF8.GetString(forwarded[1].ServiceName(0)));
        Assert.Equal("db", forwarded[1].String(forwarded[1].Spans[0].Name));
        await sampler.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_whose_traces_are_all_kept_goes_on_as_it_arrived()
    {
        var forwarded = new List<SpanBatch>();
        var sampler = new TailSamplingProcessor(new TailSamplingSettings { Policies = [new AlwaysSamplePolicy("all")] }, new Capture(forwarded), _test.Context, "whole", startTimer: false);
        var arrived = TestSpans.Batch(new TestSpan(Ok, 1), new TestSpan(Failed, 2));

        await sampler.ConsumeAsync("t", arrived);
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();

        Assert.Same(arrived, Assert.Single(forwarded));
    }

    [Fact]
    public async Task A_partly_kept_batch_is_copied_down_to_its_kept_spans()
    {
        var forwarded = new List<SpanBatch>();
        var sampler = new TailSamplingProcessor(new TailSamplingSettings { Policies = [new StatusCodePolicy("errors", [StatusCode.Error])] }, new Capture(forwarded), _test.Context, "partly", startTimer: false);
        var arrived = TestSpans.Batch(new TestSpan(Ok, 1), new TestSpan(Failed, 2) { Status = StatusCode.Error }, new TestSpan(Failed, 3, Parent: 2));

        await sampler.ConsumeAsync("t", arrived);
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();

        var batch = Assert.Single(forwarded);
        Assert.NotSame(arrived, batch);
        Assert.Equal([2UL, 3UL], batch.Spans.AsSpan().ToArray().Select(s => s.SpanId.Value));
    }

    [Fact]
    public async Task A_batch_goes_on_only_once_every_trace_it_holds_spans_of_is_decided()
    {
        var forwarded = new List<SpanBatch>();
        var sampler = new TailSamplingProcessor(new TailSamplingSettings { Policies = [new AlwaysSamplePolicy("all")] }, new Capture(forwarded), _test.Context, "complete", startTimer: false);
        var first = TestSpans.Batch(new TestSpan(Ok, 1));
        await sampler.ConsumeAsync("t", first);
        _test.Time.Advance(TimeSpan.FromSeconds(5));
        // Ok's second span and a newer trace share a batch: Ok is due before the newer one.
        var second = TestSpans.Batch(new TestSpan(Ok, 2, Parent: 1), new TestSpan(Failed, 3));
        await sampler.ConsumeAsync("t", second);

        _test.Time.Advance(TimeSpan.FromSeconds(5));
        await sampler.DecideDueAsync();
        Assert.Same(first, Assert.Single(forwarded));

        _test.Time.Advance(TimeSpan.FromSeconds(5));
        await sampler.DecideDueAsync();
        Assert.Equal([first, second], forwarded);
    }

    [Fact]
    public async Task A_writer_forwards_what_has_become_due_without_waiting_for_the_timer()
    {
        var forwarded = new List<SpanBatch>();
        var sampler = new TailSamplingProcessor(new TailSamplingSettings { Policies = [new AlwaysSamplePolicy("all")] }, new Capture(forwarded), _test.Context, "writer", startTimer: false);
        var first = TestSpans.Batch(new TestSpan(Ok, 1));
        await sampler.ConsumeAsync("t", first);
        _test.Time.Advance(TimeSpan.FromSeconds(10));

        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Failed, 2)));

        Assert.Same(first, Assert.Single(forwarded));
        Assert.Equal(1, sampler.BufferedTraces);
    }

    [Fact]
    public async Task Late_span_after_its_decision_was_forgotten_starts_a_new_trace()
    {
        var sampler = new TailSamplingProcessor(new TailSamplingSettings
        {
            SampledCacheSize = 1,
            NonSampledCacheSize = 1,
            Policies = [new StatusCodePolicy("errors", [StatusCode.Error])],
        }, _store, _test.Context);
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Ok, 1), new TestSpan(Failed, 2) { Status = StatusCode.Error }));
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(TestSpans.Trace(3), 3)));
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        // The non-sampled cache holds one id: dropping trace 3 made it forget Ok.
        Assert.False(sampler.IsKept("t", TestSpans.Trace(3)));
        Assert.True(sampler.IsKept("t", Failed));
        Assert.Null(sampler.IsKept("t", Ok));

        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(Ok, 4) { Status = StatusCode.Error }));
        Assert.Equal(1, sampler.BufferedTraces);
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        Assert.Contains(("t", Ok, 4UL), _store.Spans);
    }

    private sealed class Capture(List<SpanBatch> batches) : ITraceConsumer
    {
        public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
        {
            batches.Add(batch);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Listener(Action<TraceDecision> onDecided) : ITraceDecisionListener
    {
        public void OnDecided(ReadOnlySpan<TraceDecision> decisions)
        {
            foreach (var d in decisions) onDecided(d);
        }
    }
}

public sealed class SampleOnFirstMatchTests : IDisposable
{
    private readonly Meter _meter = new("test-first-match-" + Guid.NewGuid());

    public void Dispose() => _meter.Dispose();

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 1)]
    public async Task Sample_on_first_match_stops_at_the_first_keep(bool firstMatch, int policiesRun)
    {
        using var probe = new MeterProbe(_meter);
        var time = new ManualTime(fireTimers: false);
        var store = new SpanRecorder();
        var sampler = new TailSamplingProcessor(new TailSamplingSettings
        {
            SampleOnFirstMatch = firstMatch,
            Policies = [new AlwaysSamplePolicy("all"), new RateLimitingPolicy("cap", 100)],
        }, store, new PipelineContext(time, _meter, null));
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(TestSpans.Trace(1), 1)));
        time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        Assert.Single(store.Spans);
        Assert.Equal(policiesRun, probe["orrery_tail_sampling_policy_decisions"]);
    }
}
