using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Configuration;

/// <summary>
/// A trace consumer that only reads a batch while <see cref="ITraceConsumer.ConsumeAsync"/> runs:
/// it never changes the batch and keeps no reference to it (nor to its rows or arena) once the
/// call completes. A fan-out hands such consumers the batch itself instead of a copy.
/// </summary>
public interface IReadOnlyTraceConsumer : ITraceConsumer
{
}
