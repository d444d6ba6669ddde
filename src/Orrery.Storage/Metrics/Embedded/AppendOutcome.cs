namespace Orrery.Storage.Metrics.Embedded;

/// <summary>What became of one sample appended to a head series.</summary>
internal enum AppendOutcome : byte
{
    /// <summary>Stored in order.</summary>
    Appended,
    /// <summary>Older than the series' newest but within the out-of-order window: stored in its out-of-order buffer.</summary>
    AppendedOutOfOrder,
    /// <summary>Same timestamp and same value as a stored sample: nothing to do (a resend).</summary>
    Duplicate,
    /// <summary>Same timestamp as a stored sample, different value: rejected.</summary>
    Conflict,
    /// <summary>Older than the out-of-order window allows: rejected.</summary>
    TooOld,
}
