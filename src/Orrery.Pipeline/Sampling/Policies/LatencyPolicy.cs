namespace Orrery.Pipeline.Sampling.Policies;

/// <summary>
/// <c>latency</c>: keeps traces whose duration (earliest span start to latest span end, in
/// whole milliseconds) is at least <c>threshold_ms</c>; with <c>upper_threshold_ms</c> set, the
/// collector's rule is <c>threshold_ms &lt; duration &lt;= upper_threshold_ms</c> (note the
/// strict lower bound in that form). The collector tests the running duration span by span; we
/// test the whole trace's, which is the same without an upper bound and what a user means with one.
/// </summary>
public sealed class LatencyPolicy(string name, long thresholdMs, long upperThresholdMs) : ISamplingPolicy
{
    public string Name { get; } = name;

    public SamplingDecision Evaluate(BufferedTrace trace, long nowMs)
    {
        if (trace.SpanCount == 0) return SamplingDecision.NotSampled;
        var ms = trace.DurationNano() / 1_000_000;
        var keep = upperThresholdMs == 0 ? ms >= thresholdMs : thresholdMs < ms && ms <= upperThresholdMs;
        return keep ? SamplingDecision.Sampled : SamplingDecision.NotSampled;
    }
}
