using Orrery.Pipeline.Components;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling;

/// <summary>Creates <c>tail_sampling</c> processors.</summary>
public sealed class TailSamplingFactory : ITraceProcessorFactory
{
    public string Type => "tail_sampling";

    public void Validate(ComponentSettings settings) => TailSamplingSettings.Parse(settings);

    public ITraceConsumer CreateTraces(ComponentSettings settings, ITraceConsumer next, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new TailSamplingProcessor(TailSamplingSettings.Parse(settings), next, context, settings.Id);
    }
}
