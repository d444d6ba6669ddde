using Orrery.Pipeline.Components;
using Orrery.Pipeline.Exporters;

namespace Orrery.Pipeline.Configuration;

/// <summary>
/// Checks a parsed config against the known component types: every referenced id is configured,
/// every component suits the signal of the pipelines naming it, and every connector links a
/// traces pipeline (as exporter) to a metrics pipeline (as receiver). Unused components are fine,
/// as in the collector, but their settings are still checked.
/// </summary>
internal static class PipelineConfigValidator
{
    public static void Validate(PipelineConfig config, ComponentRegistry registry)
    {
        foreach (var (id, settings) in config.Receivers)
        {
            if (ReceiverTypes.Canonical(settings.Type) is null)
                throw new PipelineConfigException($"receivers: unknown receiver type '{settings.Type}' in '{id}' (known: {string.Join(", ", ReceiverTypes.All)})", settings.Line);
        }
        foreach (var settings in config.Processors.Values)
        {
            Factory<IComponentFactory>(registry, settings, "processor", f => f is ITraceProcessorFactory or IMetricProcessorFactory or ILogProcessorFactory).Validate(settings);
        }
        foreach (var settings in config.Exporters.Values)
        {
            Factory<IComponentFactory>(registry, settings, "exporter", f => f is ITraceExporterFactory or IMetricExporterFactory or ILogExporterFactory).Validate(settings);
        }
        foreach (var settings in config.Connectors.Values)
        {
            Factory<IComponentFactory>(registry, settings, "connector", f => f is ITracesToMetricsConnectorFactory).Validate(settings);
        }

        var connectorsAsExporter = new HashSet<string>(StringComparer.Ordinal);
        var connectorsAsReceiver = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pipeline in config.Pipelines)
        {
            var signal = pipeline.Signal.Name();
            foreach (var r in pipeline.Receivers)
            {
                if (config.Receivers.TryGetValue(r.Id, out var receiver))
                {
                    var type = ReceiverTypes.Canonical(receiver.Type)!;
                    if (!ReceiverTypes.Supports(type, pipeline.Signal))
                        throw new PipelineConfigException($"pipeline '{pipeline.Id}': receiver '{r.Id}' does not receive {signal}", r.Line);
                }
                else if (config.Connectors.ContainsKey(r.Id))
                {
                    if (pipeline.Signal != PipelineSignal.Metrics)
                        throw new PipelineConfigException($"pipeline '{pipeline.Id}': connector '{r.Id}' produces metrics, it cannot feed a {signal} pipeline", r.Line);
                    connectorsAsReceiver.Add(r.Id);
                }
                else
                {
                    throw new PipelineConfigException($"pipeline '{pipeline.Id}': receiver '{r.Id}' is not configured under 'receivers' or 'connectors'", r.Line);
                }
            }
            foreach (var p in pipeline.Processors)
            {
                if (!config.Processors.TryGetValue(p.Id, out var settings))
                    throw new PipelineConfigException($"pipeline '{pipeline.Id}': processor '{p.Id}' is not configured under 'processors'", p.Line);
                registry.TryGet(settings.Type, out var factory);
                var fits = pipeline.Signal switch
                {
                    PipelineSignal.Traces => factory is ITraceProcessorFactory,
                    PipelineSignal.Metrics => factory is IMetricProcessorFactory,
                    _ => factory is ILogProcessorFactory,
                };
                if (!fits) throw new PipelineConfigException($"pipeline '{pipeline.Id}': processor '{p.Id}' does not process {signal}", p.Line);
            }
            foreach (var e in pipeline.Exporters)
            {
                if (config.Exporters.TryGetValue(e.Id, out var settings))
                {
                    registry.TryGet(settings.Type, out var factory);
                    var fits = pipeline.Signal switch
                    {
                        PipelineSignal.Traces => factory is ITraceExporterFactory,
                        PipelineSignal.Metrics => factory is IMetricExporterFactory,
                        _ => factory is ILogExporterFactory,
                    };
                    if (!fits) throw new PipelineConfigException($"pipeline '{pipeline.Id}': exporter '{e.Id}' does not export {signal}", e.Line);
                }
                else if (config.Connectors.ContainsKey(e.Id))
                {
                    if (pipeline.Signal != PipelineSignal.Traces)
                        throw new PipelineConfigException($"pipeline '{pipeline.Id}': connector '{e.Id}' consumes traces, it cannot end a {signal} pipeline", e.Line);
                    connectorsAsExporter.Add(e.Id);
                }
                else
                {
                    throw new PipelineConfigException($"pipeline '{pipeline.Id}': exporter '{e.Id}' is not configured under 'exporters' or 'connectors'", e.Line);
                }
            }
        }

        foreach (var (id, settings) in config.Connectors)
        {
            var asExporter = connectorsAsExporter.Contains(id);
            var asReceiver = connectorsAsReceiver.Contains(id);
            if (asExporter && !asReceiver)
                throw new PipelineConfigException($"connector '{id}' ends a traces pipeline but no metrics pipeline lists it as a receiver", settings.Line);
            if (asReceiver && !asExporter)
                throw new PipelineConfigException($"connector '{id}' feeds a metrics pipeline but no traces pipeline lists it as an exporter", settings.Line);
        }
    }

    private static T Factory<T>(ComponentRegistry registry, ComponentSettings settings, string kind, Func<IComponentFactory, bool> fits)
        where T : class, IComponentFactory
    {
        if (!registry.TryGet(settings.Type, out var factory) || !fits(factory))
        {
            var known = registry.All.Where(fits).Select(f => f.Type).Order(StringComparer.Ordinal);
            throw new PipelineConfigException($"unknown {kind} type '{settings.Type}' in '{settings.Id}' (known: {string.Join(", ", known)})", settings.Line);
        }
        return (T)factory;
    }
}
