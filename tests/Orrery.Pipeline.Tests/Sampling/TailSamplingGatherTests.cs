using Orrery.Pipeline.Configuration;
using Orrery.Pipeline.Sampling;
using Orrery.Pipeline.Sampling.Policies;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Sampling;

/// <summary>
/// How a decision round sends the kept rows of partly kept batches: gathered across the round
/// (and across the steps of a big one) into batches of the gather size, each trace's spans in
/// the order they arrived, in batches a keeping stage may hold on to.
/// </summary>
public sealed class TailSamplingGatherTests : IDisposable
{
    private readonly PipelineTestContext _test = new("tail-sampling-gather");

    public void Dispose() => _test.Dispose();

    private TailSamplingProcessor Sampler(ITraceConsumer next, int gatherSpans) =>
        new(new TailSamplingSettings { NumTraces = 100_000, GatherSpans = gatherSpans, Policies = [new StatusCodePolicy("errors", [StatusCode.Error])] },
            next, _test.Context, startTimer: false);

    /// <summary>
    /// <paramref name="batches"/> batches of 4 traces × 3 spans, rows interleaved; trace 0 of each
    /// batch has an error (kept), the others not: every batch is kept in part, 3 rows of 12.
    /// Batches are numbered from <paramref name="first"/> (trace and span ids follow the number).
    /// </summary>
    private static List<SpanBatch> PartlyKeptBatches(int batches, out List<(TraceId, ulong)> kept, int first = 0)
    {
        kept = [];
        var result = new List<SpanBatch>();
        for (var b = first; b < first + batches; b++)
        {
            var spans = new List<TestSpan>();
            for (ulong s = 0; s < 3; s++)
            {
                for (ulong t = 0; t < 4; t++)
                {
                    var trace = TestSpans.Trace((ulong)b * 10 + t);
                    var id = (ulong)b * 100 + t * 10 + s;
                    spans.Add(new TestSpan(trace, id) { Status = t == 0 ? StatusCode.Error : StatusCode.Unset, Attributes = new Dictionary<string, object> { ["row"] = (long)id } });
                    if (t == 0) kept.Add((trace, id));
                }
            }
            result.Add(TestSpans.Batch([.. spans]));
        }
        return result;
    }

    [Theory]
    [InlineData(10, 1)] // one step of a round
    [InlineData(40, 7)]
    [InlineData(40, 2000)] // the round's steps (16 completed batches each) gather into one batch
    [InlineData(7, 3)]
    public async Task A_round_gathers_the_kept_rows_of_all_its_partly_kept_batches_into_batches_of_the_gather_size(int batchCount, int gatherSpans)
    {
        var next = new KeepingRecorder();
        var sampler = Sampler(next, gatherSpans);
        var batches = PartlyKeptBatches(batchCount, out var kept);
        foreach (var batch in batches) await sampler.ConsumeAsync("t", batch);
        _test.Time.Advance(TimeSpan.FromSeconds(11));

        await sampler.DecideAllAsync();

        var keptCount = batchCount * 3;
        var sizes = next.Batches.Select(b => b.Batch.Count).OrderByDescending(c => c).ToList();
        var expected = Enumerable.Repeat(gatherSpans, keptCount / gatherSpans).ToList();
        if (keptCount % gatherSpans != 0) expected.Add(keptCount % gatherSpans);
        Assert.Equal(expected, sizes);
        Assert.Equal(kept.OrderBy(s => s.Item2), next.Spans().OrderBy(s => s.Span));
        // Each copied row brought its own attributes along.
        Assert.All(next.Batches, b => Assert.All(Enumerable.Range(0, b.Batch.Count), row =>
            Assert.Equal((long)b.Batch.Spans[row].SpanId.Value, b.Batch.SpanAttributes[b.Batch.Spans[row].Attributes.Start].Value.AsInt)));
    }

    [Fact]
    public async Task The_spans_of_a_kept_trace_keep_their_arrival_order_when_their_batches_complete_out_of_order()
    {
        var next = new KeepingRecorder();
        var sampler = Sampler(next, gatherSpans: 100);
        var early = TestSpans.Trace(1);
        var kept = TestSpans.Trace(2);
        var later = TestSpans.Trace(3);
        // Traces are decided oldest first: early, kept, later. Batch 2 completes when `kept` is
        // decided, batch 1 only when `later` is: they complete in the opposite order to their arrival.
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(early, 1)));
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(kept, 10) { Status = StatusCode.Error }, new TestSpan(later, 30), new TestSpan(kept, 11)));
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(kept, 12), new TestSpan(early, 2), new TestSpan(kept, 13)));

        await sampler.DecideAllAsync();

        var batch = Assert.Single(next.Batches).Batch;
        Assert.Equal([10UL, 11, 12, 13], batch.Spans.AsSpan().ToArray().Select(s => s.SpanId.Value));
    }

    [Fact]
    public async Task A_stage_that_keeps_batches_is_never_given_one_that_is_written_again()
    {
        var next = new KeepingRecorder();
        var sampler = Sampler(next, gatherSpans: 5);
        for (var round = 0; round < 3; round++)
        {
            foreach (var batch in PartlyKeptBatches(4, out _, first: round * 4)) await sampler.ConsumeAsync("t", batch);
            _test.Time.Advance(TimeSpan.FromSeconds(11));
            await sampler.DecideDueAsync();
        }

        Assert.Equal(next.Batches.Count, next.Batches.Select(b => b.Batch).Distinct().Count());
        // What each batch held when it was handed over is what it holds now.
        Assert.All(next.Batches, b => Assert.Equal(b.SpanIdsThen, b.Batch.Spans.AsSpan().ToArray().Select(s => s.SpanId.Value)));
    }

    [Fact]
    public async Task A_stage_that_only_reads_is_given_pooled_scratch_batches_again()
    {
        var next = new ReadingRecorder();
        var sampler = Sampler(next, gatherSpans: 1000);
        var expected = new List<(TraceId, ulong)>();
        for (var round = 0; round < 3; round++)
        {
            var batches = PartlyKeptBatches(4, out var kept, first: round * 4);
            expected.AddRange(kept);
            foreach (var batch in batches) await sampler.ConsumeAsync("t", batch);
            _test.Time.Advance(TimeSpan.FromSeconds(11));
            await sampler.DecideDueAsync();
        }

        Assert.Equal(expected.OrderBy(s => s.Item2), next.Spans.OrderBy(s => s.Span));
        Assert.Equal(3, next.Instances.Count);
        Assert.Single(next.Instances.Distinct());
    }

    [Fact]
    public async Task Gathered_rows_of_several_tenants_go_each_to_their_own_tenant()
    {
        var next = new KeepingRecorder();
        var sampler = Sampler(next, gatherSpans: 4);
        var a = PartlyKeptBatches(3, out var keptA);
        var b = PartlyKeptBatches(3, out _);
        for (var i = 0; i < 3; i++)
        {
            await sampler.ConsumeAsync("a", a[i]);
            await sampler.ConsumeAsync("b", b[i]);
        }

        await sampler.DecideAllAsync();

        Assert.Equal(keptA.Select(s => s.Item2).Order(), next.Batches.Where(x => x.Tenant == "a").SelectMany(x => x.SpanIdsThen).Order());
        Assert.Equal(keptA.Select(s => s.Item2).Order(), next.Batches.Where(x => x.Tenant == "b").SelectMany(x => x.SpanIdsThen).Order());
        Assert.All(next.Batches, x => Assert.True(x.Batch.Count <= 4));
    }

    /// <summary>A stage that keeps what it is given (as a store's head does).</summary>
    private sealed class KeepingRecorder : ITraceConsumer
    {
        public List<(string Tenant, SpanBatch Batch, ulong[] SpanIdsThen)> Batches { get; } = [];

        public IEnumerable<(TraceId Trace, ulong Span)> Spans() =>
            Batches.SelectMany(b => b.Batch.Spans.AsSpan().ToArray().Select(s => (s.TraceId, s.SpanId.Value)));

        public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
        {
            lock (Batches) Batches.Add((tenant, batch, batch.Spans.AsSpan().ToArray().Select(s => s.SpanId.Value).ToArray()));
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A stage that only reads a batch while it consumes it.</summary>
    private sealed class ReadingRecorder : IReadOnlyTraceConsumer
    {
        public List<(TraceId Trace, ulong Span)> Spans { get; } = [];

        public List<SpanBatch> Instances { get; } = [];

        public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
        {
            lock (Spans)
            {
                Instances.Add(batch);
                foreach (var s in batch.Spans.AsSpan()) Spans.Add((s.TraceId, s.SpanId.Value));
            }
            return ValueTask.CompletedTask;
        }
    }
}
