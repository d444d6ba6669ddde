using System.Text;
using System.Text.RegularExpressions;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Sampling.Policies;

/// <summary>
/// <c>string_attribute</c>: keeps traces where some span (or its resource) has <c>key</c> with a
/// string value among <c>values</c> (exact), or matching one of them as a regular expression with
/// <c>enabled_regex_matching</c>. Patterns are unanchored, as the collector uses them (write
/// <c>^…$</c> for a whole-value match); they are user input, so they run with
/// <see cref="RegexOptions.NonBacktracking"/>. Invert as in <see cref="NumericAttributePolicy"/>.
/// </summary>
public sealed class StringAttributePolicy : ISamplingPolicy
{
    private readonly byte[] _key;
    private readonly byte[][] _values;
    private readonly Regex[] _patterns;
    private readonly bool _invert;

    public StringAttributePolicy(string name, string key, IReadOnlyList<string> values, bool regex, bool invert)
    {
        Name = name;
        _key = Encoding.UTF8.GetBytes(key);
        _invert = invert;
        _values = regex ? [] : values.Select(Encoding.UTF8.GetBytes).ToArray();
        _patterns = regex ? values.Select(v => new Regex(v, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)).ToArray() : [];
    }

    public string Name { get; }

    public SamplingDecision Evaluate(BufferedTrace trace, long nowMs)
    {
        foreach (var s in trace.Spans)
        {
            if (SpanAttributes.AnyValue(s, _key, this, static (self, batch, v) => self.Matches(batch, v)))
                return _invert ? SamplingDecision.InvertNotSampled : SamplingDecision.Sampled;
        }
        return _invert ? SamplingDecision.InvertSampled : SamplingDecision.NotSampled;
    }

    private bool Matches(SpanBatch batch, AnyValueRow v)
    {
        if (v.Kind != ValueKind.String) return false;
        var bytes = batch.Utf8(v.Bytes);
        foreach (var value in _values)
        {
            if (bytes.SequenceEqual(value)) return true;
        }
        if (_patterns.Length == 0) return false;
        // Regexes run over chars; decode on the stack for the usual short value.
        var chars = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        var n = Encoding.UTF8.GetChars(bytes, chars);
        foreach (var p in _patterns)
        {
            if (p.IsMatch(chars[..n])) return true;
        }
        return false;
    }
}
