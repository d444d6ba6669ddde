using System.Diagnostics.Metrics;
using Orrery.Pipeline.Traces;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Traces;

public class TracePipelineTests
{
    [Fact]
    public async Task Processors_run_in_the_order_added_and_end_at_the_terminal()
    {
        var seen = new List<string>();
        var terminal = new RecordingConsumer(seen, "store", next: null);
        var pipeline = new TracePipelineBuilder()
            .Add(next => new RecordingConsumer(seen, "first", next))
            .Add(next => new RecordingConsumer(seen, "second", next))
            .Build(terminal);

        await pipeline.ConsumeAsync("t", new SpanBatch());

        Assert.Equal(["first", "second", "store"], seen);
    }

    [Fact]
    public async Task Counts_spans_as_stored_only_when_downstream_completes()
    {
        using var metrics = new PipelineMetrics();
        using var counts = new CounterProbe(metrics);
        var ok = new SpanCountingProcessor(new RecordingConsumer([], "store", null), metrics);
        var failing = new SpanCountingProcessor(new FailingConsumer(), metrics);

        await ok.ConsumeAsync("t", BatchOf(3));
        await Assert.ThrowsAsync<ConsumerRejectedException>(async () => await failing.ConsumeAsync("t", BatchOf(2)));

        Assert.Equal(3, counts.Stored);
        Assert.Equal(2, counts.Refused);
    }

    private static SpanBatch BatchOf(int spans)
    {
        var batch = new SpanBatch();
        for (var i = 0; i < spans; i++) batch.Spans.Add(new SpanRow { SpanId = new SpanId((ulong)i + 1) });
        return batch;
    }

    private sealed class RecordingConsumer(List<string> seen, string name, ITraceConsumer? next) : ITraceConsumer
    {
        public async ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
        {
            seen.Add(name);
            if (next is not null) await next.ConsumeAsync(tenant, batch, cancellationToken);
        }
    }

    private sealed class FailingConsumer : ITraceConsumer
    {
        public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default) =>
            throw new ConsumerRejectedException("full", retryable: true);
    }

    /// <summary>Listens to this test's own <see cref="PipelineMetrics"/> instance only.</summary>
    private sealed class CounterProbe : IDisposable
    {
        private readonly MeterListener _listener = new();

        public CounterProbe(PipelineMetrics metrics)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument == metrics.Stored || instrument == metrics.Refused) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                if (instrument == metrics.Stored) Stored += value;
                else Refused += value;
            });
            _listener.Start();
        }

        public long Stored { get; private set; }

        public long Refused { get; private set; }

        public void Dispose() => _listener.Dispose();
    }
}
