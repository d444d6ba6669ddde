using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Traces;

/// <summary>
/// Builds a collector-style chain of trace processors ending at a terminal consumer (the store).
/// Processors run in the order added: the first added sees a batch first.
/// </summary>
public sealed class TracePipelineBuilder
{
    private readonly List<Func<ITraceConsumer, ITraceConsumer>> _processors = [];

    /// <summary>Adds a processor; <paramref name="create"/> receives the consumer it must forward to.</summary>
    public TracePipelineBuilder Add(Func<ITraceConsumer, ITraceConsumer> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        _processors.Add(create);
        return this;
    }

    public ITraceConsumer Build(ITraceConsumer terminal)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        var next = terminal;
        for (var i = _processors.Count - 1; i >= 0; i--) next = _processors[i](next);
        return next;
    }
}
