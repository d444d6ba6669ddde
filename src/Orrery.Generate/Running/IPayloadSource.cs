namespace Orrery.Generate.Running;

/// <summary>
/// One worker's generator and encoder: each call builds the next request of exactly
/// <c>items</c> spans, samples or lines. Not shared between workers; the body stays valid until
/// the next call.
/// </summary>
public interface IPayloadSource
{
    ReadOnlyMemory<byte> Next(int items);
}
