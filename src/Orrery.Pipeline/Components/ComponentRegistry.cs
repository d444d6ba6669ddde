using System.Collections.Frozen;

namespace Orrery.Pipeline.Components;

/// <summary>
/// The component types a config may name, by type (the part of an id before '/'). Receivers are
/// not here: their transports are owned by Orrery's flags, the config only names them.
/// </summary>
public sealed class ComponentRegistry
{
    private readonly FrozenDictionary<string, IComponentFactory> _byType;

    public ComponentRegistry(IEnumerable<IComponentFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(factories);
        var byType = new Dictionary<string, IComponentFactory>(StringComparer.Ordinal);
        foreach (var factory in factories)
        {
            if (!byType.TryAdd(factory.Type, factory))
                throw new ArgumentException($"two component factories claim type '{factory.Type}'", nameof(factories));
        }
        _byType = byType.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every built-in component. Add one line per factory.</summary>
    public static ComponentRegistry Default { get; } = new(
    [
        new Processors.BatchProcessorFactory(),
        new Processors.MemoryLimiterProcessorFactory(),
        new Processors.RateLimitProcessorFactory(),
        new Processors.FilterProcessorFactory(),
        new Processors.AttributesProcessorFactory(),
        new Processors.ResourceProcessorFactory(),
        new Processors.RedactionProcessorFactory(),
        new Exporters.OrreryExporterFactory(),
        new Exporters.DebugExporterFactory(),
        new Exporters.OtlpExporterFactory("otlp"),
        new Exporters.OtlpExporterFactory("otlphttp"),
        // sampling and connectors (pl-sampling)
        new Sampling.TailSamplingFactory(),
        new Sampling.TraceFollowFactory(),
        new Connectors.SpanMetrics.SpanMetricsFactory(),
        new Connectors.ServiceGraph.ServiceGraphFactory(),
    ]);

    public IEnumerable<IComponentFactory> All => _byType.Values;

    /// <summary>This registry with <paramref name="factories"/> added, replacing those of the same type.</summary>
    public ComponentRegistry With(params IComponentFactory[] factories)
    {
        ArgumentNullException.ThrowIfNull(factories);
        var replaced = factories.Select(f => f.Type).ToHashSet(StringComparer.Ordinal);
        return new ComponentRegistry(All.Where(f => !replaced.Contains(f.Type)).Concat(factories));
    }

    public bool TryGet(string type, out IComponentFactory factory) => _byType.TryGetValue(type, out factory!);
}
