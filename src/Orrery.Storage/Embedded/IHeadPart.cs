using Orrery.Storage.Wal;

namespace Orrery.Storage.Embedded;

/// <summary>
/// A part of a tenant's in-memory head in a store that cuts its head into blocks: filled from
/// the WAL in log order, frozen when full or old, then written to one block.
/// </summary>
internal interface IHeadPart
{
    /// <summary>When the part was started (<see cref="TimeProvider.GetTimestamp"/>): its age triggers a cut.</summary>
    long CreatedTimestamp { get; }

    /// <summary>The first WAL record in the part: its segment is kept until the part is in a block.</summary>
    WalPosition FirstPosition { get; }

    /// <summary>The last WAL record in the part: the checkpoint moves to it once the part is in a block.</summary>
    WalPosition LastPosition { get; }

    bool IsEmpty { get; }
}
