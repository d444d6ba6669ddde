using Orrery.Pipeline.Components;
using Orrery.Signals.Logs;

namespace Orrery.Pipeline.Sampling;

/// <summary>Creates <c>trace_follow</c> logs processors, following the config's tail samplers (or the one named by <c>sampler</c>).</summary>
public sealed class TraceFollowFactory : ILogProcessorFactory
{
    public string Type => "trace_follow";

    public void Validate(ComponentSettings settings) => TraceFollowSettings.Parse(settings);

    public ILogConsumer CreateLogs(ComponentSettings settings, ILogConsumer next, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parsed = TraceFollowSettings.Parse(settings);
        var decisions = TraceDecisionRegistry.For(context).View(parsed.Sampler);
        return new TraceFollowLogProcessor(parsed, next, decisions, context, settings.Id);
    }
}
