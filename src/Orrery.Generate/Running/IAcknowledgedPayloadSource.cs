namespace Orrery.Generate.Running;

/// <summary>
/// A source that wants to know when its requests were acknowledged (e.g. to time rounds of
/// simulated scrapes). The runner calls <see cref="Acknowledged"/> once per accepted request,
/// after <see cref="IPayloadSource.Next"/> built it, with the items the peer kept.
/// </summary>
public interface IAcknowledgedPayloadSource : IPayloadSource
{
    void Acknowledged(int items);
}
