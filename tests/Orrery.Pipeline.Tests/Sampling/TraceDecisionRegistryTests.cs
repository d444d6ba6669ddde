using System.Diagnostics.Metrics;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Sampling;
using Orrery.Pipeline.Sampling.Policies;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Sampling;

public sealed class TraceDecisionRegistryTests : IDisposable
{
    private readonly ManualTime _time = new(fireTimers: false);
    private readonly Meter _meter = new("test-registry-" + Guid.NewGuid());
    private readonly PipelineContext _context;

    public TraceDecisionRegistryTests() => _context = new PipelineContext(_time, _meter, null);

    public void Dispose() => _meter.Dispose();

    [Fact]
    public void With_no_sampler_every_trace_is_kept()
    {
        Assert.True(TraceDecisionRegistry.For(_context).IsKept("t", TestSpans.Trace(1)));
        Assert.Equal(0, TraceDecisionRegistry.For(_context).Count);
    }

    [Fact]
    public void Each_context_has_its_own_registry()
    {
        var other = new PipelineContext(_time, _meter, null);
        Assert.Same(TraceDecisionRegistry.For(_context), TraceDecisionRegistry.For(_context));
        Assert.NotSame(TraceDecisionRegistry.For(_context), TraceDecisionRegistry.For(other));
    }

    [Fact]
    public async Task A_listener_subscribing_to_the_registry_after_the_sampler_started_hears_its_decisions()
    {
        var registry = TraceDecisionRegistry.For(_context);
        var sampler = new TailSamplingProcessor(new TailSamplingSettings { Policies = [new StatusCodePolicy("e", [StatusCode.Error])] }, new SpanRecorder(), _context, startTimer: false);
        // Decided while nobody listens: nothing to hear, and the sampler need not collect it.
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(TestSpans.Trace(1), 1)));
        await sampler.DecideAllAsync();
        var heard = new DecisionLog();
        using var subscription = registry.Subscribe(heard);

        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(TestSpans.Trace(2), 2), new TestSpan(TestSpans.Trace(3), 3) { Status = StatusCode.Error }));
        await sampler.DecideAllAsync();

        Assert.Equal([("t", TestSpans.Trace(2), false), ("t", TestSpans.Trace(3), true)], heard.Decisions);
        await sampler.DisposeAsync();
    }

    private sealed class DecisionLog : ITraceDecisionListener
    {
        public List<(string, Orrery.Signals.TraceId, bool)> Decisions { get; } = [];

        public void OnDecided(ReadOnlySpan<TraceDecision> decisions)
        {
            foreach (var d in decisions) Decisions.Add((d.Tenant, d.TraceId, d.Kept));
        }
    }

    [Fact]
    public async Task A_stopped_sampler_still_answers_for_what_it_decided()
    {
        var registry = TraceDecisionRegistry.For(_context);
        var sampler = new TailSamplingProcessor(new TailSamplingSettings { Policies = [new StatusCodePolicy("e", [StatusCode.Error])] }, new SpanRecorder(), _context);
        await sampler.ConsumeAsync("t", TestSpans.Batch(new TestSpan(TestSpans.Trace(1), 1), new TestSpan(TestSpans.Trace(2), 2) { Status = StatusCode.Error }));
        Assert.Null(registry.IsKept("t", TestSpans.Trace(1)));
        Assert.Null(registry.IsKept("t", TestSpans.Trace(9))); // a running sampler may still see it

        await sampler.DisposeAsync();

        Assert.Equal(0, registry.Count);
        Assert.False(registry.IsKept("t", TestSpans.Trace(1)));
        Assert.True(registry.IsKept("t", TestSpans.Trace(2)));
        Assert.True(registry.IsKept("t", TestSpans.Trace(9))); // nothing samples any more
        Assert.False(registry.View("tail_sampling").IsKept("t", TestSpans.Trace(1)));
    }
}
