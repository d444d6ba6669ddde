using Orrery.Pipeline.Processors;
using Orrery.Pipeline.Processors.Batching;
using Orrery.Signals;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Processors;

public class BatchProcessorTests
{
    [Fact]
    public async Task Batches_merge_until_send_batch_size_and_callers_complete_only_when_downstream_does()
    {
        var next = new RecordingTraces { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var processor = Create("send_batch_size: 3\ntimeout: 10s\n", next, new ManualTime());

        var first = processor.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Build()).AsTask();
        var second = processor.ConsumeAsync("t", new SpanBatchBuilder().Span("b").Span("c").Build()).AsTask();
        await WaitUntil(() => next.Received.Count == 1);

        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        next.Gate.SetResult();
        await Task.WhenAll(first, second);

        Assert.Equal(["a", "b", "c"], Batches.SpanNames(next.Received[0].Batch));
    }

    [Fact]
    public async Task Below_the_size_the_timeout_sends_and_exactly_at_it_not_before()
    {
        var time = new ManualTime();
        var next = new RecordingTraces();
        var processor = Create("send_batch_size: 100\ntimeout: 200ms\n", next, time);

        var pending = processor.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Build()).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Empty(next.Received);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await pending;

        Assert.Single(next.Received);
    }

    [Fact]
    public async Task Tenants_are_batched_apart()
    {
        var next = new RecordingTraces();
        var processor = Create("send_batch_size: 2\ntimeout: 0s\n", next, new ManualTime());

        await Task.WhenAll(
            processor.ConsumeAsync("a", new SpanBatchBuilder().Span("a1").Build()).AsTask(),
            processor.ConsumeAsync("b", new SpanBatchBuilder().Span("b1").Build()).AsTask());

        Assert.Equal(["a", "b"], next.Received.Select(r => r.Tenant).Order());
        Assert.All(next.Received, r => Assert.Equal(1, r.Batch.Count));
    }

    [Fact]
    public async Task A_downstream_failure_reaches_every_caller_in_the_batch()
    {
        var next = new RecordingTraces { Fail = new ConsumerRejectedException("full", retryable: true) };
        var processor = Create("send_batch_size: 2\n", next, new ManualTime());

        var first = processor.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Build()).AsTask();
        var second = processor.ConsumeAsync("t", new SpanBatchBuilder().Span("b").Build()).AsTask();

        await Assert.ThrowsAsync<ConsumerRejectedException>(() => first);
        await Assert.ThrowsAsync<ConsumerRejectedException>(() => second);
    }

    [Theory]
    [InlineData(5, 2, new[] { 2, 2, 1 })]
    [InlineData(4, 2, new[] { 2, 2 })]
    [InlineData(2, 2, new[] { 2 })]
    public async Task Send_batch_max_size_cuts_large_batches(int spans, int max, int[] parts)
    {
        var next = new RecordingTraces();
        var processor = Create($"send_batch_size: {max}\nsend_batch_max_size: {max}\n", next, new ManualTime());
        var builder = new SpanBatchBuilder();
        for (var i = 0; i < spans; i++) builder.Span("s" + i);

        await processor.ConsumeAsync("t", builder.Build());

        Assert.Equal(parts, next.Received.Select(r => r.Batch.Count));
        Assert.Equal(Enumerable.Range(0, spans).Select(i => "s" + i), next.Received.SelectMany(r => Batches.SpanNames(r.Batch)));
    }

    [Fact]
    public async Task Disposing_sends_what_is_pending()
    {
        var next = new RecordingTraces();
        var processor = Create("send_batch_size: 100\ntimeout: 1h\n", next, new ManualTime());

        var pending = processor.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Build()).AsTask();
        await ((IAsyncDisposable)processor).DisposeAsync();
        await pending;

        Assert.Single(next.Received);
    }

    [Fact]
    public async Task Metric_batches_merge_with_series_and_rejections_are_shared_out()
    {
        var next = new RecordingMetrics { Result = new MetricWriteResult(2, 1, 0, "out of order") };
        var processor = new BatchProcessorFactory().CreateMetrics(TestContext.Settings("batch", "send_batch_size: 3\n"), next, TestContext.Create(new ManualTime()));

        var first = processor.ConsumeAsync("t", Batches.Metrics(("a", [("x", "1")], [1, 2]))).AsTask();
        var second = processor.ConsumeAsync("t", Batches.Metrics(("b", [], [3]))).AsTask();
        var results = await Task.WhenAll(first, second);

        var merged = Assert.Single(next.Received).Batch;
        Assert.Equal(2, merged.Series.Count);
        Assert.Equal("b", System.Text.Encoding.UTF8.GetString(merged.LabelValue(merged.Samples[2].Series, "__name__"u8)));
        Assert.All(results, r => Assert.Equal(1, r.RejectedSamples));
        Assert.Equal("out of order", results[1].ErrorMessage);
    }

    [Fact]
    public void Appending_span_batches_keeps_every_string_and_attribute()
    {
        var to = new SpanBatchBuilder().Resource(("service.name", "one")).Span("a", attributes: [("k", "v1")], events: ["e1"]).Build();
        var from = new SpanBatchBuilder().Resource(("service.name", "two")).Span("b", attributes: [("k", "v2"), ("n", 7L)], events: ["e2"]).Build();

        BatchAppend.Append(to, from);

        Assert.Equal(["a", "b"], Batches.SpanNames(to));
        Assert.Equal(["k=v2", "n=7"], Batches.SpanAttributes(to, 1));
        Assert.Equal("two", System.Text.Encoding.UTF8.GetString(to.ServiceName(1)));
        Assert.Equal("one", System.Text.Encoding.UTF8.GetString(to.ServiceName(0)));
        Assert.Equal("e2", to.String(to.Events[to.Spans[1].Events.Start].Name));
    }

    [Theory]
    [InlineData("send_batch_size: 0\n", "send_batch_size")]
    [InlineData("send_batch_size: 10\nsend_batch_max_size: 5\n", "send_batch_max_size")]
    [InlineData("timeout: soon\n", "duration")]
    public void Bad_settings_are_refused(string yaml, string reason)
    {
        var e = Assert.Throws<Orrery.Pipeline.Components.PipelineConfigException>(() => new BatchProcessorFactory().Validate(TestContext.Settings("batch", yaml)));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    private static ITraceConsumer Create(string yaml, ITraceConsumer next, ManualTime time) =>
        new BatchProcessorFactory().CreateTraces(TestContext.Settings("batch", yaml), next, TestContext.Create(time));

    private static async Task WaitUntil(Func<bool> condition)
    {
        // Flushes run on the thread pool; poll without a deadline the test asserts on.
        while (!condition()) await Task.Delay(5);
    }
}
