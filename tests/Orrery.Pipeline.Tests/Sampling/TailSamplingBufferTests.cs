using Orrery.Pipeline.Sampling;
using Orrery.Pipeline.Sampling.Policies;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Sampling;

/// <summary>
/// The tail sampler's buffering by reference: traces spread over many batches, batches holding
/// spans of many traces of which some are kept, late spans beside held ones.
/// </summary>
public sealed class TailSamplingBufferTests : IDisposable
{
    private readonly PipelineTestContext _test = new("tail-sampling-buffer");
    private readonly List<SpanBatch> _forwarded = [];

    public void Dispose() => _test.Dispose();

    private TailSamplingProcessor Sampler(int numTraces = 1000, params ISamplingPolicy[] policies) =>
        new(new TailSamplingSettings { NumTraces = numTraces, Policies = policies.Length > 0 ? policies : [new StatusCodePolicy("errors", [StatusCode.Error])] },
            new Forwarded(_forwarded), _test.Context, startTimer: false);

    private List<(TraceId Trace, ulong Span)> Stored() =>
        _forwarded.SelectMany(b => b.Spans.AsSpan().ToArray().Select(s => (s.TraceId, s.SpanId.Value))).OrderBy(s => s.Value).ToList();

    [Fact]
    public async Task A_trace_spread_over_many_batches_is_decided_once_with_all_its_spans()
    {
        var sampler = Sampler(policies: new SpanCountPolicy("big", 40, int.MaxValue));
        var big = TestSpans.Trace(1);
        // Each batch: one span of the big trace and one of a small trace of its own.
        for (ulong i = 0; i < 40; i++)
        {
            await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(big, 100 + i), new TestSpan(TestSpans.Trace(10 + i), 200 + i)));
            _test.Time.Advance(TimeSpan.FromMilliseconds(100));
        }
        Assert.Empty(_forwarded);

        await sampler.DecideAllAsync();

        // Only the big trace qualifies; each batch was kept in part, so its kept row is copied out.
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (big, 100UL + (ulong)i)), Stored());
        Assert.Equal(1, _test.Probe["orrery_tail_sampling_traces{decision=kept}"]);
        Assert.Equal(40, _test.Probe["orrery_tail_sampling_traces{decision=dropped}"]);
        Assert.Equal(0, sampler.BufferedTraces);
    }

    [Fact]
    public async Task A_batch_kept_in_part_goes_on_with_exactly_its_kept_rows_once_its_last_trace_is_decided()
    {
        var sampler = Sampler();
        var spans = new List<TestSpan>();
        for (ulong t = 0; t < 12; t++)
        {
            for (ulong s = 0; s < 3; s++) spans.Add(new TestSpan(TestSpans.Trace(t), t * 10 + s) { Status = t % 3 == 0 && s == 1 ? StatusCode.Error : StatusCode.Unset });
        }
        // Interleaved rows: traces 0..11, three spans each, spread through the batch.
        var shuffled = spans.OrderBy(s => s.Id % 10).ThenBy(s => s.Id).ToArray();
        await sampler.ConsumeAsync("t", TestSpans.Batch(shuffled));
        // A second batch adds a span to trace 11 a little later, which its decision keeps with the rest.
        _test.Time.Advance(TimeSpan.FromSeconds(3));
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(TestSpans.Trace(11), 1003) { Status = StatusCode.Error }));
        _test.Time.Advance(TimeSpan.FromSeconds(7));
        await sampler.DecideDueAsync();

        var kept = spans.Where(s => s.Trace == TestSpans.Trace(0) || s.Trace == TestSpans.Trace(3) || s.Trace == TestSpans.Trace(6) || s.Trace == TestSpans.Trace(9) || s.Trace == TestSpans.Trace(11))
            .Select(s => (s.Trace, s.Id)).Append((TestSpans.Trace(11), 1003UL)).OrderBy(s => s.Item2);
        Assert.Equal(kept, Stored());
        Assert.Equal(5, _test.Probe["orrery_tail_sampling_traces{decision=kept}"]);
        Assert.Equal(7, _test.Probe["orrery_tail_sampling_traces{decision=dropped}"]);
    }

    [Fact]
    public async Task A_batch_of_held_late_kept_and_late_dropped_spans_sends_each_its_own_way()
    {
        var sampler = Sampler();
        var kept = TestSpans.Trace(1);
        var dropped = TestSpans.Trace(2);
        var fresh = TestSpans.Trace(3);
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(kept, 1) { Status = StatusCode.Error }, new TestSpan(dropped, 2)));
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        Assert.Equal([(kept, 1UL)], Stored());

        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(fresh, 10), new TestSpan(kept, 11), new TestSpan(dropped, 12), new TestSpan(fresh, 13) { Status = StatusCode.Error }));

        // The late kept span is forwarded within the call; the fresh trace's spans wait for their own decision.
        Assert.Equal([(kept, 1UL), (kept, 11UL)], Stored());
        Assert.Equal(1, sampler.BufferedTraces);
        _test.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.DecideDueAsync();
        Assert.Equal([(kept, 1UL), (fresh, 10UL), (kept, 11UL), (fresh, 13UL)], Stored());
        Assert.Equal(1, _test.Probe["orrery_tail_sampling_late_spans{decision=kept}"]);
        Assert.Equal(1, _test.Probe["orrery_tail_sampling_late_spans{decision=dropped}"]);
    }

    [Fact]
    public async Task A_trace_decided_early_inside_the_batch_that_holds_its_spans_sends_its_later_rows_as_late()
    {
        var sampler = Sampler(numTraces: 1, new AlwaysSamplePolicy("all"));
        var first = TestSpans.Trace(1);
        var second = TestSpans.Trace(2);
        // Row 2 starts a second trace while one is held: the first is decided early, so its row 3 is
        // late (kept, forwarded within the call); row 1 goes on with its batch once trace 2 is decided.
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(first, 1), new TestSpan(second, 2), new TestSpan(first, 3)));

        Assert.Equal([(first, 3UL)], Stored());
        Assert.Equal(1, _test.Probe["orrery_tail_sampling_traces_decided_early"]);
        Assert.Equal(1, _test.Probe["orrery_tail_sampling_late_spans{decision=kept}"]);
        await sampler.DecideAllAsync();
        Assert.Equal([(first, 1UL), (second, 2UL), (first, 3UL)], Stored());
    }

    [Fact]
    public async Task Thousands_of_traces_decided_in_arrival_order_while_others_arrive_lose_nothing()
    {
        var sampler = Sampler(numTraces: 500, new AlwaysSamplePolicy("all"));
        var sent = new List<(TraceId, ulong)>();
        ulong span = 0;
        for (ulong batch = 0; batch < 200; batch++)
        {
            var rows = new List<TestSpan>();
            // Each batch continues the previous batch's traces and starts new ones.
            for (ulong t = batch * 10; t < batch * 10 + 20; t++) rows.Add(new TestSpan(TestSpans.Trace(t), ++span));
            await sampler.ConsumeAsync("t", TestSpans.Batch([.. rows]));
            sent.AddRange(rows.Select(r => (r.Trace, r.Id)));
            _test.Time.Advance(TimeSpan.FromMilliseconds(50));
        }
        await sampler.DecideAllAsync();

        Assert.Equal(sent.OrderBy(s => s.Item2), Stored());
        Assert.Equal(0, sampler.BufferedTraces);
        Assert.True(_test.Probe["orrery_tail_sampling_traces_decided_early"] > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(200)]
    public async Task A_round_deciding_many_batches_forwards_each_kept_whole_batch_itself_once(int batches)
    {
        var sampler = Sampler(policies: new AlwaysSamplePolicy("all"));
        var sent = new List<SpanBatch>();
        for (ulong b = 0; b < (ulong)batches; b++)
        {
            // Two traces a batch, the second continued by the next batch: batches complete only as their traces are decided.
            var batch = TestSpans.Batch(new TestSpan(TestSpans.Trace(b), b * 10 + 1), new TestSpan(TestSpans.Trace(1000 + b), b * 10 + 2), new TestSpan(TestSpans.Trace(b == 0 ? 5000 : 1000 + b - 1), b * 10 + 3));
            sent.Add(batch);
            await sampler.ConsumeAsync("t", batch);
        }

        await sampler.DecideAllAsync();

        // A round this big is decided and forwarded in steps, two sends at a time (so in no fixed
        // order, as from two writers): nothing is copied, lost or sent twice.
        Assert.Equal(batches, _forwarded.Count);
        Assert.Equal(batches, _forwarded.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.All(_forwarded, b => Assert.Contains(b, sent, ReferenceEqualityComparer.Instance));
        Assert.Equal(0, sampler.BufferedTraces);
    }

    [Fact]
    public async Task A_round_in_steps_copies_the_kept_rows_of_partly_kept_batches_and_late_spans_follow_its_decisions()
    {
        var sampler = Sampler();
        var kept = new List<(TraceId, ulong)>();
        for (ulong b = 0; b < 100; b++)
        {
            var error = new TestSpan(TestSpans.Trace(b * 2), b * 10 + 1) { Status = StatusCode.Error };
            var fine = new TestSpan(TestSpans.Trace(b * 2 + 1), b * 10 + 2);
            // Every third batch is kept whole (both traces failed), the others in part.
            if (b % 3 == 0) fine = fine with { Status = StatusCode.Error };
            await sampler.ConsumeAsync("t", TestSpans.Batch(error, fine));
            kept.Add((error.Trace, error.Id));
            if (b % 3 == 0) kept.Add((fine.Trace, fine.Id));
        }

        await sampler.DecideAllAsync();
        Assert.Equal(kept.OrderBy(k => k.Item2), Stored());

        // Late spans of traces decided in the first and the last steps follow their decisions.
        _forwarded.Clear();
        await sampler.ConsumeAsync("t", TestSpans.Batch(
            new TestSpan(TestSpans.Trace(0), 5001), new TestSpan(TestSpans.Trace(3), 5002),
            new TestSpan(TestSpans.Trace(196), 5003), new TestSpan(TestSpans.Trace(197), 5004)));
        Assert.Equal([(TestSpans.Trace(0), 5001UL), (TestSpans.Trace(196), 5003UL)], Stored());
    }

    private sealed class Forwarded(List<SpanBatch> batches) : ITraceConsumer
    {
        public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
        {
            lock (batches) batches.Add(batch);
            return ValueTask.CompletedTask;
        }
    }
}
