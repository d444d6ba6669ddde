namespace Orrery.Storage.Wal;

/// <summary>
/// When appended records are forced to stable storage. Every mode hands each group of records
/// to the operating system with one <c>write()</c> before acknowledging it, so a killed process
/// (<c>kill -9</c>, a crash) loses nothing acknowledged in any mode; the modes differ only in
/// what a power loss or kernel crash can lose.
/// </summary>
public enum WalSyncMode
{
    /// <summary>
    /// <c>fsync</c> before acknowledging. A power loss loses nothing acknowledged. Costs one
    /// fsync per group commit (concurrent appenders share it).
    /// </summary>
    Always,

    /// <summary>
    /// <c>write()</c> before acknowledging, <c>fsync</c> every <see cref="WalOptions.SyncInterval"/>.
    /// A power loss can lose what was acknowledged during the last interval. The default.
    /// </summary>
    Interval,

    /// <summary>
    /// <c>write()</c> before acknowledging; fsync only when a segment is closed and on dispose.
    /// A power loss can lose everything since the last closed segment.
    /// </summary>
    None,
}
