namespace Orrery.Pipeline.Sampling.Policies;

/// <summary>
/// <c>and</c>: keeps a trace only when every sub-policy (<c>and_sub_policy</c>) votes to keep it
/// (<see cref="SamplingDecision.Sampled"/> or <see cref="SamplingDecision.InvertSampled"/>).
/// Stateful sub-policies after the first refusal are not consulted, so a rate limit is only
/// spent on traces the other conditions accept.
/// </summary>
public sealed class AndPolicy(string name, IReadOnlyList<ISamplingPolicy> subPolicies) : ISamplingPolicy
{
    public string Name { get; } = name;

    public SamplingDecision Evaluate(BufferedTrace trace, long nowMs)
    {
        if (subPolicies.Count == 0) return SamplingDecision.NotSampled;
        foreach (var p in subPolicies)
        {
            var d = p.Evaluate(trace, nowMs);
            if (d is SamplingDecision.NotSampled or SamplingDecision.InvertNotSampled) return SamplingDecision.NotSampled;
        }
        return SamplingDecision.Sampled;
    }
}
