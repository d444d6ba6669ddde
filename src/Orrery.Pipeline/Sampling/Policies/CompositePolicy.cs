namespace Orrery.Pipeline.Sampling.Policies;

/// <summary>
/// <c>composite</c>: sub-policies in <c>policy_order</c>, each with a share of
/// <c>max_total_spans_per_second</c> (<c>rate_allocation</c>: percent per policy). The first
/// sub-policy that votes to keep a trace and still has room in its share this second (and the
/// total has room) keeps it and spends its share. A sub-policy without an allocation gets an
/// equal share (total / number of sub-policies), as the collector gives listed policies without a
/// percentage.
/// </summary>
public sealed class CompositePolicy : ISamplingPolicy
{
    private readonly (ISamplingPolicy Policy, long Allocated)[] _subPolicies;
    private readonly long[] _spent;
    private readonly long _maxTotal;
    private long _second = long.MinValue;
    private long _totalSpent;

    public CompositePolicy(string name, long maxTotalSpansPerSecond, IReadOnlyList<(ISamplingPolicy Policy, double? Percent)> ordered)
    {
        Name = name;
        _maxTotal = maxTotalSpansPerSecond;
        var equalShare = ordered.Count == 0 ? 0 : maxTotalSpansPerSecond / ordered.Count;
        _subPolicies = ordered.Select(p => (p.Policy, p.Percent is { } pct and > 0 ? (long)(pct / 100 * maxTotalSpansPerSecond) : equalShare)).ToArray();
        _spent = new long[_subPolicies.Length];
    }

    public string Name { get; }

    public SamplingDecision Evaluate(BufferedTrace trace, long nowMs)
    {
        var second = nowMs / 1000;
        if (second != _second)
        {
            _second = second;
            _totalSpent = 0;
            Array.Clear(_spent);
        }
        for (var i = 0; i < _subPolicies.Length; i++)
        {
            var (policy, allocated) = _subPolicies[i];
            var d = policy.Evaluate(trace, nowMs);
            if (d is not (SamplingDecision.Sampled or SamplingDecision.InvertSampled)) continue;
            var ifKept = _spent[i] + trace.SpanCount;
            if (ifKept <= allocated && _totalSpent + trace.SpanCount <= _maxTotal)
            {
                _spent[i] = ifKept;
                _totalSpent += trace.SpanCount;
                return SamplingDecision.Sampled;
            }
        }
        return SamplingDecision.NotSampled;
    }
}
