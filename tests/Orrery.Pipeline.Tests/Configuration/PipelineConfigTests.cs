using Orrery.Pipeline.Components;
using Orrery.Pipeline.Configuration;
using Orrery.Pipeline.Exporters;
using Orrery.Pipeline.Processors;
using Orrery.Pipeline.Tests.Processors;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Tests.Configuration;

public class PipelineConfigTests
{
    [Fact]
    public async Task The_default_config_builds_and_stores_every_signal_locally()
    {
        var traces = new RecordingTraces();
        var metrics = new RecordingMetrics();
        var logs = new RecordingLogs();
        var config = PipelineConfig.Default();

        await using var graph = config.Build(new PipelineTerminals(traces, metrics, logs), TestContext.Create(new ManualTime()));
        await graph.For(ReceiverTypes.Otlp).Traces!.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Build());

        Assert.Equal(["logs", "metrics", "metrics/derived", "traces"], config.Pipelines.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["a"], Batches.SpanNames(Assert.Single(traces.Received).Batch));
        Assert.NotNull(graph.For("otlp").Metrics);
        Assert.NotNull(graph.For("otlp").Logs);
        Assert.Equal(new[] { false, true, false }, Signals(graph.For("prometheus_remote_write")));
        Assert.Equal(new[] { false, true, false }, Signals(graph.For("prometheus")));
        Assert.Equal(new[] { false, false, true }, Signals(graph.For("loki")));
        Assert.Equal(new[] { false, false, false }, Signals(graph.For("zipkin")));
    }

    public static TheoryData<string, int, string> BadConfigs => new()
    {
        { "service:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [orrery]\n", 4, "receiver 'otlp' is not configured" },
        { "receivers:\n  otlp:\nexporters:\n  orrery:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      processors: [batch]\n      exporters: [orrery]\n", 9, "processor 'batch' is not configured" },
        { "receivers:\n  otlp:\nexporters:\n  orrery:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters:\n        - orrery\n        - jaeger\n", 11, "exporter 'jaeger' is not configured" },
        { "receivers:\n  loki:\nexporters:\n  orrery:\nservice:\n  pipelines:\n    traces:\n      receivers: [loki]\n      exporters: [orrery]\n", 8, "does not receive traces" },
        { "receivers:\n  zipkin:\nexporters:\n  orrery:\nservice:\n  pipelines:\n    traces:\n      receivers: [zipkin]\n      exporters: [orrery]\n", 2, "unknown receiver type 'zipkin'" },
        { "receivers:\n  otlp:\nexporters:\n  orrery:\nservice:\n  pipelines:\n    spans:\n      receivers: [otlp]\n      exporters: [orrery]\n", 7, "must be traces, metrics or logs" },
        { "receivers:\n  otlp:\nexporters:\n  orrery:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n", 7, "at least one exporter" },
        { "receivers:\n  otlp:\nprocessors:\n  filter:\n    traces:\n      span: ['name =']\nexporters:\n  orrery:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [orrery]\n", 6, "filter.traces.span: condition 'name ='" },
        { "receivers:\n  otlp:\nprocessors:\n  batch:\n    sendbatchsize: 5\nexporters:\n  orrery:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      processors: [batch]\n      exporters: [orrery]\n", 5, "unknown setting 'sendbatchsize'" },
        { "receivers:\n  otlp:\nprocessors:\n  groupbytrace:\nexporters:\n  orrery:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [orrery]\n", 4, "unknown processor type 'groupbytrace'" },
        { "receivers:\n  otlp:\nconnectors:\n  spanmetrics:\nexporters:\n  orrery:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [orrery, spanmetrics]\n", 4, "no metrics pipeline lists it as a receiver" },
        { "receivers:\n  otlp:\nconnectors:\n  spanmetrics:\nexporters:\n  orrery:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [orrery, spanmetrics]\n    logs:\n      receivers: [spanmetrics]\n      exporters: [orrery]\n", 13, "cannot feed a logs pipeline" },
        { "receivers:\n  otlp:\nexporters:\n  orrery:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp, otlp]\n      exporters: [orrery]\n", 8, "listed twice" },
        { "receivers:\n  otlp:\nexporters:\n  orrery:\n", 1, "missing 'service'" },
        { "receivers:\n  otlp: [1]\n", 2, "must be a mapping of settings" },
        { "receivers:\n  otlp:\n    protocols: {\n", 4, "not valid YAML" },
        { "receivers:\n  otlp/:\n", 2, "not a valid id" },
        { "receivers:\n  otlp:\nexporters:\n  orrery:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [orrery]\n      extras: [x]\n", 10, "unknown setting 'extras'" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void Bad_configs_name_the_line_and_the_reason(string yaml, int line, string reason)
    {
        var e = Assert.Throws<PipelineConfigException>(() => PipelineConfig.Parse(yaml).Validate());

        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"line {line}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Collector_receiver_settings_and_other_top_level_keys_are_accepted()
    {
        var yaml = """
            data: ./data
            scrape_configs:
              - job_name: x
            receivers:
              otlp:
                protocols:
                  grpc: { endpoint: 0.0.0.0:4317 }
                  http: { endpoint: 0.0.0.0:4318 }
              prometheus_remote_write:
            exporters:
              orrery:
            service:
              telemetry: { logs: { level: info } }
              pipelines:
                metrics:
                  receivers: [otlp, prometheus_remote_write]
                  exporters: [orrery]
            """;

        var config = PipelineConfig.Parse(yaml);
        config.Validate();

        Assert.Equal(["otlp", "prometheus_remote_write"], config.Receivers.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Pipelines_sharing_a_receiver_each_get_their_own_copy()
    {
        var store = new RecordingTraces();
        var forwarded = new RecordingTraces();
        var registry = Registry(new CaptureExporterFactory(forwarded));
        var config = PipelineConfig.Parse("""
            receivers:
              otlp:
            processors:
              attributes/tag:
                actions: [{ key: copy, value: a, action: insert }]
              filter/health:
                traces:
                  span: ['name == "health"']
            exporters:
              orrery:
              capture:
            service:
              pipelines:
                traces/tagged:
                  receivers: [otlp]
                  processors: [attributes/tag]
                  exporters: [orrery]
                traces/forwarded:
                  receivers: [otlp]
                  processors: [filter/health]
                  exporters: [capture]
            """);

        await using var graph = config.Build(new PipelineTerminals(store, null, null), TestContext.Create(), registry);
        await graph.For("otlp").Traces!.ConsumeAsync("t", new SpanBatchBuilder().Span("health").Span("orders").Build());

        var stored = Assert.Single(store.Received).Batch;
        var sent = Assert.Single(forwarded.Received).Batch;
        Assert.NotSame(stored, sent);
        Assert.Equal(["health", "orders"], Batches.SpanNames(stored));
        Assert.Equal("a", Batches.SpanAttribute(stored, 0, "copy"));
        Assert.Equal(["orders"], Batches.SpanNames(sent));
        Assert.Null(Batches.SpanAttribute(sent, 0, "copy"));
    }

    [Fact]
    public async Task A_connector_ends_a_traces_pipeline_and_feeds_the_metrics_pipelines_listing_it()
    {
        var metrics = new RecordingMetrics();
        var registry = Registry(new CountingConnectorFactory());
        var config = PipelineConfig.Parse("""
            receivers:
              otlp:
            connectors:
              spancount:
            processors:
              attributes/m:
                actions: [{ key: pipeline, value: derived, action: insert }]
            exporters:
              orrery:
            service:
              pipelines:
                traces:
                  receivers: [otlp]
                  exporters: [orrery, spancount]
                metrics/derived:
                  receivers: [spancount]
                  processors: [attributes/m]
                  exporters: [orrery]
            """);

        await using var graph = config.Build(new PipelineTerminals(new RecordingTraces(), metrics, null), TestContext.Create(), registry);
        await graph.For("otlp").Traces!.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Span("b").Build());

        var batch = Assert.Single(metrics.Received).Batch;
        Assert.Equal(2.0, batch.Samples[0].Value);
        Assert.Equal("derived", System.Text.Encoding.UTF8.GetString(batch.LabelValue(0, "pipeline"u8)));
        Assert.Null(graph.For("otlp").Metrics);
    }

    [Fact]
    public async Task Disposing_the_graph_flushes_processors_and_leaves_the_stores_open()
    {
        var store = new DisposableTraces();
        var config = PipelineConfig.Parse("""
            receivers: { otlp: }
            processors: { batch: { send_batch_size: 1000, timeout: 1h } }
            exporters: { orrery: }
            service:
              pipelines:
                traces: { receivers: [otlp], processors: [batch], exporters: [orrery] }
            """);
        var graph = config.Build(new PipelineTerminals(store, null, null), TestContext.Create(new ManualTime()));

        var pending = graph.For("otlp").Traces!.ConsumeAsync("t", new SpanBatchBuilder().Span("a").Build()).AsTask();
        Assert.Empty(store.Received);
        await graph.DisposeAsync();
        await pending;

        Assert.Single(store.Received);
        Assert.False(store.Disposed);
    }

    [Fact]
    public void A_pipeline_ending_in_the_store_needs_the_store()
    {
        var config = PipelineConfig.Parse("receivers: { otlp: }\nexporters:\n  orrery:\nservice:\n  pipelines:\n    logs: { receivers: [otlp], exporters: [orrery] }\n");

        var e = Assert.Throws<PipelineConfigException>(() => config.Build(new PipelineTerminals(null, null, null), TestContext.Create()));

        Assert.Equal(3, e.Line);
    }

    private static bool[] Signals(ReceiverConsumers c) => [c.Traces is not null, c.Metrics is not null, c.Logs is not null];

    private static ComponentRegistry Registry(params IComponentFactory[] extra) =>
        new(ComponentRegistry.Default.All.Concat(extra));

    private sealed class CaptureExporterFactory(RecordingTraces sink) : ITraceExporterFactory
    {
        public string Type => "capture";

        public void Validate(ComponentSettings settings)
        {
        }

        public ITraceConsumer CreateTracesExporter(ComponentSettings settings, PipelineTerminals terminals, PipelineContext context) => sink;
    }

    /// <summary>Emits one sample per trace batch: how many spans it had.</summary>
    private sealed class CountingConnectorFactory : ITracesToMetricsConnectorFactory
    {
        public string Type => "spancount";

        public void Validate(ComponentSettings settings)
        {
        }

        public ITraceConsumer CreateTracesToMetrics(ComponentSettings settings, IMetricConsumer metrics, PipelineContext context) => new Connector(metrics);

        private sealed class Connector(IMetricConsumer metrics) : ITraceConsumer
        {
            public async ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default) =>
                await metrics.ConsumeAsync(tenant, Batches.Metrics(("spans", [], [batch.Count])), cancellationToken);
        }
    }

    private sealed class DisposableTraces : ITraceConsumer, IAsyncDisposable
    {
        public List<SpanBatch> Received { get; } = [];

        public bool Disposed { get; private set; }

        public ValueTask ConsumeAsync(string tenant, SpanBatch batch, CancellationToken cancellationToken = default)
        {
            lock (Received) Received.Add(batch);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
