namespace Orrery.Storage.Embedded;

/// <summary>How <see cref="StoreMaintenance"/> schedules a store's rounds; the defaults suit a store whose appends wait for cuts (traces, logs).</summary>
internal sealed record MaintenanceSchedule
{
    public static MaintenanceSchedule Default { get; } = new();

    /// <summary>How often the cut loop looks at the heads when no append woke it: 1 s, so a part's age triggers its cut promptly.</summary>
    public TimeSpan CutTick { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// True: cuts, compaction, retention and the store's other rounds all run one at a time
    /// behind one gate. For a store whose appends never wait for a cut (metrics), so a cut may
    /// wait behind a compaction; false: cuts have their own gate.
    /// </summary>
    public bool OneGate { get; init; }

    /// <summary>When set, background rounds run on one <see cref="MaintenanceThread"/> of this name at lowered priority, not on pool threads.</summary>
    public string? LowPriorityThreadName { get; init; }
}
