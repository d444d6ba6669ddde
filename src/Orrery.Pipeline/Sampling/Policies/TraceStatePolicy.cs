using System.Text;

namespace Orrery.Pipeline.Sampling.Policies;

/// <summary>
/// <c>trace_state</c>: keeps traces where some span's W3C <c>tracestate</c> has <c>key</c> with one
/// of <c>values</c> (entries <c>key=value</c> separated by commas, optional spaces around them).
/// </summary>
public sealed class TraceStatePolicy(string name, string key, IReadOnlyList<string> values) : ISamplingPolicy
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);
    private readonly byte[][] _values = values.Select(Encoding.UTF8.GetBytes).ToArray();

    public string Name { get; } = name;

    public SamplingDecision Evaluate(BufferedTrace trace, long nowMs)
    {
        foreach (var s in trace.Spans)
        {
            var state = s.Batch.Utf8(s.Span.TraceState);
            if (!state.IsEmpty && Matches(state)) return SamplingDecision.Sampled;
        }
        return SamplingDecision.NotSampled;
    }

    private bool Matches(ReadOnlySpan<byte> state)
    {
        foreach (var range in state.Split((byte)','))
        {
            var entry = state[range].Trim((byte)' ').Trim((byte)'\t');
            var eq = entry.IndexOf((byte)'=');
            if (eq <= 0 || !entry[..eq].SequenceEqual(_key)) continue;
            var value = entry[(eq + 1)..];
            foreach (var v in _values)
            {
                if (value.SequenceEqual(v)) return true;
            }
        }
        return false;
    }
}
