using Orrery.Pipeline.Components;
using Orrery.Pipeline.Exporters;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Configuration;

/// <summary>
/// Creates the components of a validated config and wires them, as the collector does:
/// one processor instance per pipeline, one exporter instance per id and signal, one connector
/// instance per id. Metrics and logs pipelines are built first, so a connector ending a traces
/// pipeline can be handed the metrics pipelines it feeds.
/// </summary>
internal sealed class PipelineGraphBuilder
{
    private readonly PipelineConfig _config;
    private readonly ComponentRegistry _registry;
    private readonly PipelineTerminals _terminals;
    private readonly PipelineContext _context;
    // Creation order; the graph stops them in reverse, i.e. entry side first.
    private readonly List<object> _created = [];
    private readonly Dictionary<string, ITraceConsumer> _traceExporters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IMetricConsumer> _metricExporters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ILogConsumer> _logExporters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ITraceConsumer> _connectors = new(StringComparer.Ordinal);
    private readonly Dictionary<PipelineDefinition, object> _entries = [];

    private PipelineGraphBuilder(PipelineConfig config, ComponentRegistry registry, PipelineTerminals terminals, PipelineContext context)
    {
        _config = config;
        _registry = registry;
        _terminals = terminals;
        _context = context;
    }

    public static PipelineGraph Build(PipelineConfig config, ComponentRegistry registry, PipelineTerminals terminals, PipelineContext context)
    {
        var builder = new PipelineGraphBuilder(config, registry, terminals, context);
        try
        {
            return builder.Build();
        }
        catch
        {
            builder._created.Reverse();
            PipelineGraph.StopAll(builder._created).AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    private PipelineGraph Build()
    {
        foreach (var p in _config.Pipelines.Where(p => p.Signal == PipelineSignal.Metrics)) _entries[p] = BuildMetrics(p);
        foreach (var p in _config.Pipelines.Where(p => p.Signal == PipelineSignal.Logs)) _entries[p] = BuildLogs(p);
        foreach (var p in _config.Pipelines.Where(p => p.Signal == PipelineSignal.Traces)) _entries[p] = BuildTraces(p);

        var receivers = new Dictionary<string, ReceiverConsumers>(StringComparer.Ordinal);
        foreach (var type in ReceiverTypes.All)
        {
            var fed = _config.Pipelines.Where(p => p.Receivers.Any(r => IsReceiverOfType(r.Id, type))).ToList();
            var traces = fed.Where(p => p.Signal == PipelineSignal.Traces).Select(p => (ITraceConsumer)_entries[p]).ToList();
            var metrics = fed.Where(p => p.Signal == PipelineSignal.Metrics).Select(p => (IMetricConsumer)_entries[p]).ToList();
            var logs = fed.Where(p => p.Signal == PipelineSignal.Logs).Select(p => (ILogConsumer)_entries[p]).ToList();
            receivers[type] = new ReceiverConsumers(
                traces.Count > 0 ? FanOut.Of(traces) : null,
                metrics.Count > 0 ? FanOut.Of(metrics) : null,
                logs.Count > 0 ? FanOut.Of(logs) : null);
        }
        _created.Reverse();
        return new PipelineGraph(receivers, _created.Distinct(ReferenceEqualityComparer.Instance).ToList());
    }

    private bool IsReceiverOfType(string id, string canonicalType) =>
        _config.Receivers.TryGetValue(id, out var settings) && ReceiverTypes.Canonical(settings.Type) == canonicalType;

    private ITraceConsumer BuildTraces(PipelineDefinition pipeline)
    {
        var exporters = pipeline.Exporters.Select(e => _config.Connectors.ContainsKey(e.Id) ? Connector(e.Id) : TraceExporter(e.Id)).ToList();
        var next = FanOut.Of(exporters);
        for (var i = pipeline.Processors.Count - 1; i >= 0; i--)
        {
            var settings = _config.Processors[pipeline.Processors[i].Id];
            next = Track(((ITraceProcessorFactory)Factory(settings)).CreateTraces(settings, next, _context));
        }
        return next;
    }

    private IMetricConsumer BuildMetrics(PipelineDefinition pipeline)
    {
        var next = FanOut.Of(pipeline.Exporters.Select(e => MetricExporter(e.Id)).ToList());
        for (var i = pipeline.Processors.Count - 1; i >= 0; i--)
        {
            var settings = _config.Processors[pipeline.Processors[i].Id];
            next = Track(((IMetricProcessorFactory)Factory(settings)).CreateMetrics(settings, next, _context));
        }
        return next;
    }

    private ILogConsumer BuildLogs(PipelineDefinition pipeline)
    {
        var next = FanOut.Of(pipeline.Exporters.Select(e => LogExporter(e.Id)).ToList());
        for (var i = pipeline.Processors.Count - 1; i >= 0; i--)
        {
            var settings = _config.Processors[pipeline.Processors[i].Id];
            next = Track(((ILogProcessorFactory)Factory(settings)).CreateLogs(settings, next, _context));
        }
        return next;
    }

    private ITraceConsumer Connector(string id)
    {
        if (_connectors.TryGetValue(id, out var existing)) return existing;
        var settings = _config.Connectors[id];
        var fed = _config.Pipelines
            .Where(p => p.Signal == PipelineSignal.Metrics && p.Receivers.Any(r => r.Id == id))
            .Select(p => (IMetricConsumer)_entries[p])
            .ToList();
        var connector = Track(((ITracesToMetricsConnectorFactory)Factory(settings)).CreateTracesToMetrics(settings, FanOut.Of(fed), _context));
        _connectors[id] = connector;
        return connector;
    }

    private ITraceConsumer TraceExporter(string id) => Exporter(_traceExporters, id, (f, s) => ((ITraceExporterFactory)f).CreateTracesExporter(s, _terminals, _context));

    private IMetricConsumer MetricExporter(string id) => Exporter(_metricExporters, id, (f, s) => ((IMetricExporterFactory)f).CreateMetricsExporter(s, _terminals, _context));

    private ILogConsumer LogExporter(string id) => Exporter(_logExporters, id, (f, s) => ((ILogExporterFactory)f).CreateLogsExporter(s, _terminals, _context));

    private T Exporter<T>(Dictionary<string, T> cache, string id, Func<IComponentFactory, ComponentSettings, T> create)
        where T : class
    {
        if (cache.TryGetValue(id, out var existing)) return existing;
        var settings = _config.Exporters[id];
        var exporter = Track(create(Factory(settings), settings));
        cache[id] = exporter;
        return exporter;
    }

    private IComponentFactory Factory(ComponentSettings settings) =>
        _registry.TryGet(settings.Type, out var factory) ? factory : throw new PipelineConfigException($"unknown component type '{settings.Type}'", settings.Line);

    private T Track<T>(T component)
        where T : class
    {
        // The stores are the caller's: never stop them with the graph.
        if (!ReferenceEquals(component, _terminals.Traces) && !ReferenceEquals(component, _terminals.Metrics) && !ReferenceEquals(component, _terminals.Logs))
            _created.Add(component);
        return component;
    }
}
