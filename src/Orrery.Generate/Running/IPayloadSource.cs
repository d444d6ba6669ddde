namespace Orrery.Generate.Running;

/// <summary>
/// One worker's generator and encoder: each call builds the next request of exactly
/// <c>items</c> spans, samples or lines. Not shared between workers; the body stays valid until
/// the next call.
/// </summary>
public interface IPayloadSource
{
    ReadOnlyMemory<byte> Next(int items);

    /// <summary>
    /// This worker's part of the work relative to the others': a run's count is split over the
    /// workers in this proportion (a metrics worker weighs its series, so every worker sends the
    /// same number of rounds).
    /// </summary>
    long Weight => 1;
}
