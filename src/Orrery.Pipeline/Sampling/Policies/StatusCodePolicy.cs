using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling.Policies;

/// <summary><c>status_code</c>: keeps traces with at least one span whose status is one of <c>status_codes</c>.</summary>
public sealed class StatusCodePolicy(string name, IReadOnlyCollection<StatusCode> codes) : ISamplingPolicy
{
    private readonly bool _unset = codes.Contains(StatusCode.Unset);
    private readonly bool _ok = codes.Contains(StatusCode.Ok);
    private readonly bool _error = codes.Contains(StatusCode.Error);

    public string Name { get; } = name;

    public SamplingDecision Evaluate(BufferedTrace trace, long nowMs)
    {
        foreach (var s in trace.Spans)
        {
            var hit = s.Span.StatusCode switch
            {
                StatusCode.Unset => _unset,
                StatusCode.Ok => _ok,
                _ => _error,
            };
            if (hit) return SamplingDecision.Sampled;
        }
        return SamplingDecision.NotSampled;
    }
}
