namespace Orrery.Generate.Running;

/// <summary>
/// A source whose workers must keep pace with each other (simulated time: no worker may run far
/// ahead of the slowest, or a peer's head would refuse the laggards' samples as too old). The
/// runner waits for <see cref="WaitForTurnAsync"/> before each <see cref="IPayloadSource.Next"/>
/// and calls <see cref="Finished"/> once the worker stops, so nobody waits for it any more.
/// </summary>
public interface IPacedPayloadSource : IPayloadSource
{
    ValueTask WaitForTurnAsync(int items, CancellationToken cancellationToken);

    void Finished();
}
