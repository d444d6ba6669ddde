namespace Orrery.Storage.Wal;

/// <summary>
/// One record read back from the log. <see cref="Payload"/> points into the reader's segment
/// buffer and is valid only until the replay callback returns: decode or copy it there.
/// </summary>
public readonly record struct WalRecord(WalPosition Position, byte Type, ReadOnlyMemory<byte> Payload);

/// <summary>Bytes that replay could not use: where they were, how many, and why.</summary>
public readonly record struct WalLoss(int Segment, long Offset, long Bytes, string Reason);

/// <summary>What a replay found.</summary>
public sealed record WalReplayResult(int Records, int LastSegment, IReadOnlyList<WalLoss> Losses);
