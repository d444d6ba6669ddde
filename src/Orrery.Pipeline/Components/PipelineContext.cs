using System.Diagnostics.Metrics;

namespace Orrery.Pipeline.Components;

/// <summary>
/// What every component may use besides its settings: the clock (tests move it), the meter its
/// counters go on (exported at /metrics), and a data directory for on-disk state (queues).
/// </summary>
public sealed class PipelineContext(TimeProvider time, Meter meter, string? dataDirectory)
{
    public TimeProvider Time { get; } = time;

    public Meter Meter { get; } = meter;

    /// <summary>Where components may keep durable state (a sub-folder per component id); null when in-memory only.</summary>
    public string? DataDirectory { get; } = dataDirectory;
}
