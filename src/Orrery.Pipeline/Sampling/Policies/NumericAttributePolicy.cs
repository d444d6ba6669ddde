using System.Text;
using Orrery.Signals;

namespace Orrery.Pipeline.Sampling.Policies;

/// <summary>
/// <c>numeric_attribute</c>: keeps traces where some span (or its resource) has <c>key</c> with an
/// integer or double value in [<c>min_value</c>, <c>max_value</c>] (either bound may be left out).
/// With <c>invert_match</c> a match vetoes the trace (<see cref="SamplingDecision.InvertNotSampled"/>)
/// and no match votes to keep it (<see cref="SamplingDecision.InvertSampled"/>).
/// </summary>
public sealed class NumericAttributePolicy(string name, string key, double? min, double? max, bool invert) : ISamplingPolicy
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public string Name { get; } = name;

    public SamplingDecision Evaluate(BufferedTrace trace, long nowMs)
    {
        var lo = min ?? double.NegativeInfinity;
        var hi = max ?? double.PositiveInfinity;
        foreach (var s in trace.Spans)
        {
            if (SpanAttributes.AnyValue(s, _key, (lo, hi), static (range, _, v) => InRange(v, range.lo, range.hi)))
                return invert ? SamplingDecision.InvertNotSampled : SamplingDecision.Sampled;
        }
        return invert ? SamplingDecision.InvertSampled : SamplingDecision.NotSampled;
    }

    private static bool InRange(AnyValueRow v, double lo, double hi) => v.Kind switch
    {
        ValueKind.Int => v.AsInt >= lo && v.AsInt <= hi,
        ValueKind.Double => v.AsDouble >= lo && v.AsDouble <= hi,
        _ => false,
    };
}
