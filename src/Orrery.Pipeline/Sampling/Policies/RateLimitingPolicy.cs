namespace Orrery.Pipeline.Sampling.Policies;

/// <summary>
/// <c>rate_limiting</c>: keeps traces while the spans kept in the current second (by the
/// pipeline clock) plus this trace's spans stay within <c>spans_per_second</c>.
/// </summary>
public sealed class RateLimitingPolicy(string name, long spansPerSecond) : ISamplingPolicy
{
    private long _second = long.MinValue;
    private long _spansInSecond;

    public string Name { get; } = name;

    public SamplingDecision Evaluate(BufferedTrace trace, long nowMs)
    {
        var second = nowMs / 1000;
        if (second != _second)
        {
            _second = second;
            _spansInSecond = 0;
        }
        if (_spansInSecond + trace.SpanCount > spansPerSecond) return SamplingDecision.NotSampled;
        _spansInSecond += trace.SpanCount;
        return SamplingDecision.Sampled;
    }
}
