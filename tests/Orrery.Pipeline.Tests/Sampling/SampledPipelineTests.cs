using System.Diagnostics.Metrics;
using Orrery.Pipeline.Components;
using Orrery.Pipeline.Configuration;
using Orrery.Pipeline.Exporters;
using Orrery.Pipeline.Sampling;
using Orrery.Pipeline.Tests.Connectors;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Sampling;

/// <summary>The components wired by a config, as Orrery runs them: sampling, logs following traces, exemplars resolving.</summary>
public sealed class SampledPipelineTests : IDisposable
{
    private static readonly string Config = SampledPipelineConfig.Yaml(
        ["{ name: errors, type: status_code, status_code: { status_codes: [ERROR] } }"], logsFollowTraces: true);

    private readonly ManualTime _time = new(fireTimers: false);
    private readonly Meter _meter = new("test-sampled-pipeline-" + Guid.NewGuid());

    public void Dispose() => _meter.Dispose();

    [Fact]
    public async Task Kept_traces_are_stored_with_their_logs_and_every_exemplar_points_at_a_stored_trace()
    {
        var spans = new SpanRecorder();
        var metrics = new MetricRecorder();
        var logs = new LogRecorder();
        var context = new PipelineContext(_time, _meter, null);
        var graph = PipelineConfig.Parse(Config).Build(new PipelineTerminals(spans, metrics, logs), context);
        var otlp = graph.For(ReceiverTypes.Otlp);

        var error = TestSpans.Trace(1);
        var fine = TestSpans.Trace(2);
        await otlp.Traces!.ConsumeAsync("t", TestSpans.Batch(
            new TestSpan(error, 1, Service: "front") { Status = StatusCode.Error },
            new TestSpan(error, 2, Parent: 1, Service: "front") { Kind = SpanKind.Client },
            new TestSpan(error, 3, Parent: 2, Service: "back"),
            new TestSpan(fine, 4, Service: "front"),
            new TestSpan(fine, 5, Parent: 4, Service: "front") { Kind = SpanKind.Client },
            new TestSpan(fine, 6, Parent: 5, Service: "back")));
        await otlp.Logs!.ConsumeAsync("t", TestLogs.Batch(("error log", error), ("fine log", fine), ("startup", default)));

        _time.Advance(TimeSpan.FromSeconds(10));
        foreach (var sampler in TraceDecisionRegistry.For(context).Samplers.Cast<TailSamplingProcessor>()) await sampler.DecideDueAsync();
        await graph.DisposeAsync(); // flushes the connectors and releases held logs

        Assert.Equal([error], spans.Traces);
        Assert.Equal(["startup", "error log"], logs.Lines.Select(l => l.Line));

        // Span metrics count every span, sampled away or not.
        var derived = metrics.Batches.Select(b => b.Batch).ToList();
        double Calls(string labels) => derived.SelectMany(b => MetricRecorder.Samples(b, "traces_spanmetrics_calls_total", labels)).MaxBy(s => s.T).V;
        Assert.Equal(2, Calls("service=back,span_kind=SPAN_KIND_SERVER,span_name=op,status_code=STATUS_CODE_UNSET"));
        Assert.Equal(1, Calls("service=front,span_kind=SPAN_KIND_SERVER,span_name=op,status_code=STATUS_CODE_ERROR"));

        var exemplarTraces = derived.SelectMany(b => b.Exemplars.AsSpan().ToArray().SelectMany(e => b.Slice(e.Labels).ToArray()
            .Where(l => b.String(l.Name) == "trace_id").Select(l => b.String(l.Value)))).Distinct().ToList();
        Assert.NotEmpty(exemplarTraces);
        Assert.All(exemplarTraces, t => Assert.Equal(error.ToHex(), t));

        var edges = derived.SelectMany(b => Enumerable.Range(0, b.Series.Count)
            .Where(s => MetricRecorder.Name(b, s) == "traces_service_graph_request_total")
            .Select(s => MetricRecorder.LabelText(b, s))).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["client=front,server=back", "client=user,connection_type=virtual_node,server=front"], edges);
    }
}
