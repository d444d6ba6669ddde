namespace Orrery.Pipeline.Components;

/// <summary>A pipeline configuration that cannot run; the message names the line and the reason.</summary>
public sealed class PipelineConfigException(string message, int line = 0) : Exception(line > 0 ? $"line {line}: {message}" : message)
{
    /// <summary>1-based line in the YAML file, 0 when unknown.</summary>
    public int Line { get; } = line;
}
