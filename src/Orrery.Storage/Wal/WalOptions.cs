namespace Orrery.Storage.Wal;

/// <summary>How a <see cref="WriteAheadLog"/> writes its segments.</summary>
public sealed record WalOptions
{
    /// <summary>64 MiB: big enough that rotation is rare, small enough that checkpointing frees space steadily.</summary>
    public const long DefaultSegmentBytes = 64L * 1024 * 1024;

    public WalSyncMode SyncMode { get; init; } = WalSyncMode.Interval;

    /// <summary>How often <see cref="WalSyncMode.Interval"/> fsyncs: the window a power loss can lose.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A segment is closed once the next group would take it past this size.</summary>
    public long SegmentBytes { get; init; } = DefaultSegmentBytes;
}
