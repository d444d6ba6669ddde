using System.Text;
using Orrery.Signals;

namespace Orrery.Pipeline.Sampling.Policies;

/// <summary><c>boolean_attribute</c>: keeps traces where some span (or its resource) has <c>key</c> set to the boolean <c>value</c>; <c>invert_match</c> as in <see cref="NumericAttributePolicy"/>.</summary>
public sealed class BooleanAttributePolicy(string name, string key, bool value, bool invert) : ISamplingPolicy
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public string Name { get; } = name;

    public SamplingDecision Evaluate(BufferedTrace trace, long nowMs)
    {
        foreach (var s in trace.Spans)
        {
            if (SpanAttributes.AnyValue(s, _key, value, static (want, _, v) => v.Kind == ValueKind.Bool && v.AsBool == want))
                return invert ? SamplingDecision.InvertNotSampled : SamplingDecision.Sampled;
        }
        return invert ? SamplingDecision.InvertSampled : SamplingDecision.NotSampled;
    }
}
