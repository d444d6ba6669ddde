using Orrery.Pipeline.Components;

namespace Orrery.Pipeline.Sampling;

/// <summary>Settings of the <c>trace_follow</c> logs processor.</summary>
public sealed record TraceFollowSettings
{
    /// <summary>The tail sampler to follow (its component id); null follows every sampler of the config.</summary>
    public string? Sampler { get; init; }

    /// <summary>
    /// Longest a record waits for its trace's decision. A little more than the default
    /// decision_wait (10 s) plus a decision round, so a record that arrives with its trace's first
    /// span is decided before it times out.
    /// </summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Records held at most; when full the oldest are released as if timed out (counted). 100 000 lines of ~0.5 kB is ~50 MB.</summary>
    public int MaxRecords { get; init; } = 100_000;

    /// <summary>What a record whose trace was never decided becomes: kept (default, losing logs is worse) or dropped.</summary>
    public bool KeepOnTimeout { get; init; } = true;

    public static TraceFollowSettings Parse(ComponentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.RejectUnknownKeys("sampler", "max_wait", "max_records", "on_timeout");
        var maxWait = settings.GetDuration("max_wait", TimeSpan.FromSeconds(30));
        if (maxWait <= TimeSpan.Zero) throw new PipelineConfigException($"{settings.Id}: max_wait must be positive", settings.Line);
        var maxRecords = settings.GetInt64("max_records", 100_000);
        if (maxRecords is <= 0 or > 100_000_000) throw new PipelineConfigException($"{settings.Id}: max_records must be between 1 and 100000000", settings.Line);
        var onTimeout = settings.GetString("on_timeout", "keep");
        if (onTimeout is not ("keep" or "drop")) throw new PipelineConfigException($"{settings.Id}: on_timeout must be keep or drop, not '{onTimeout}'", settings.Line);
        return new TraceFollowSettings
        {
            Sampler = settings.GetString("sampler"),
            MaxWait = maxWait,
            MaxRecords = (int)maxRecords,
            KeepOnTimeout = onTimeout == "keep",
        };
    }
}
