using Orrery.Pipeline.Components;
using Orrery.Pipeline.Exporters;

namespace Orrery.Pipeline.Configuration;

/// <summary>
/// A parsed pipeline configuration in the OpenTelemetry Collector's shape: components by id in
/// their sections, and <c>service.pipelines</c> wiring them. Parsing checks the shape;
/// <see cref="Validate"/> checks it against the known component types; <see cref="Build"/>
/// creates the running graph.
/// </summary>
public sealed class PipelineConfig
{
    internal PipelineConfig(
        IReadOnlyDictionary<string, ComponentSettings> receivers,
        IReadOnlyDictionary<string, ComponentSettings> processors,
        IReadOnlyDictionary<string, ComponentSettings> exporters,
        IReadOnlyDictionary<string, ComponentSettings> connectors,
        IReadOnlyList<PipelineDefinition> pipelines)
    {
        Receivers = receivers;
        Processors = processors;
        Exporters = exporters;
        Connectors = connectors;
        Pipelines = pipelines;
    }

    public IReadOnlyDictionary<string, ComponentSettings> Receivers { get; }
    public IReadOnlyDictionary<string, ComponentSettings> Processors { get; }
    public IReadOnlyDictionary<string, ComponentSettings> Exporters { get; }
    public IReadOnlyDictionary<string, ComponentSettings> Connectors { get; }
    public IReadOnlyList<PipelineDefinition> Pipelines { get; }

    /// <summary>
    /// Parses a whole config file. Keys other than <c>receivers</c>, <c>processors</c>,
    /// <c>exporters</c>, <c>connectors</c> and <c>service</c> (Orrery's flat settings,
    /// <c>scrape_configs</c>) are left to their owners, so line numbers are the file's own.
    /// </summary>
    /// <exception cref="PipelineConfigException">The YAML or the shape is wrong; names the line.</exception>
    public static PipelineConfig Parse(string yaml) => PipelineConfigParser.Parse(yaml);

    /// <summary>The built-in configuration (<see cref="DefaultPipelineConfig.Yaml"/>).</summary>
    public static PipelineConfig Default() => Parse(DefaultPipelineConfig.Yaml);

    /// <summary>Checks references, signals and every component's settings; throws the first problem with its line.</summary>
    public void Validate(ComponentRegistry? registry = null) => PipelineConfigValidator.Validate(this, registry ?? ComponentRegistry.Default);

    /// <summary>
    /// Validates, then creates every pipeline. The returned graph gives each receiver the consumer
    /// to call; disposing it flushes and stops the components, entry side first.
    /// </summary>
    public PipelineGraph Build(PipelineTerminals terminals, PipelineContext context, ComponentRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(terminals);
        ArgumentNullException.ThrowIfNull(context);
        registry ??= ComponentRegistry.Default;
        Validate(registry);
        return PipelineGraphBuilder.Build(this, registry, terminals, context);
    }
}
