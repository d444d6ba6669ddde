namespace Orrery.Pipeline.Sampling;

/// <summary>
/// One configured policy. Evaluated under the processor's lock, one trace at a time, so
/// stateful policies (rate limits) need no locking of their own.
/// </summary>
public interface ISamplingPolicy
{
    /// <summary>The policy's <c>name</c> from the config; the tag its decisions are counted under.</summary>
    string Name { get; }

    SamplingDecision Evaluate(BufferedTrace trace, long nowMs);
}
