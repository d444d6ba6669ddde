namespace Orrery.Pipeline.Configuration;

/// <summary>A component named in a pipeline's list, with the line it was named on (for errors).</summary>
public readonly record struct ComponentReference(string Id, int Line);

/// <summary>One entry of <c>service.pipelines</c>: which receivers feed it, its processors in order, where it ends.</summary>
public sealed record PipelineDefinition(
    string Id,
    PipelineSignal Signal,
    IReadOnlyList<ComponentReference> Receivers,
    IReadOnlyList<ComponentReference> Processors,
    IReadOnlyList<ComponentReference> Exporters,
    int Line);
