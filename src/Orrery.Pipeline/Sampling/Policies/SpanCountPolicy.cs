namespace Orrery.Pipeline.Sampling.Policies;

/// <summary><c>span_count</c>: keeps traces with at least <c>min_spans</c> and (when <c>max_spans</c> is set) at most <c>max_spans</c> spans.</summary>
public sealed class SpanCountPolicy(string name, long minSpans, long maxSpans) : ISamplingPolicy
{
    public string Name { get; } = name;

    public SamplingDecision Evaluate(BufferedTrace trace, long nowMs) =>
        trace.SpanCount >= minSpans && (maxSpans == 0 || trace.SpanCount <= maxSpans) ? SamplingDecision.Sampled : SamplingDecision.NotSampled;
}
