using System.Text;
using System.Text.RegularExpressions;

namespace Orrery.Signals.Labels;

/// <summary>
/// A label matcher with Prometheus semantics: a missing label has the value "" (so
/// <c>foo=""</c> matches series without <c>foo</c>), and regular expressions are anchored at
/// both ends and let <c>.</c> match a newline (Prometheus compiles <c>^(?s:re)$</c>).
/// </summary>
/// <remarks>
/// The regular expression comes from user input, so it runs with
/// <see cref="RegexOptions.NonBacktracking"/>: linear time, no catastrophic backtracking.
/// </remarks>
public sealed class LabelMatcher
{
    private readonly Regex? _regex;
    private readonly byte[] _valueUtf8;

    public LabelMatcher(MatchType type, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        Type = type;
        Name = name;
        Value = value;
        _valueUtf8 = Encoding.UTF8.GetBytes(value);
        if (type is MatchType.Regex or MatchType.NotRegex)
        {
            // Throws ArgumentException for an invalid pattern; parsers turn that into a parse error.
            _regex = new Regex("^(?:" + value + ")$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }
    }

    public MatchType Type { get; }

    public string Name { get; }

    public string Value { get; }

    /// <summary>True when this matcher also selects series that lack the label (it matches "").</summary>
    public bool MatchesEmpty => Matches(string.Empty);

    public bool Matches(string value) => Type switch
    {
        MatchType.Equal => string.Equals(value, Value, StringComparison.Ordinal),
        MatchType.NotEqual => !string.Equals(value, Value, StringComparison.Ordinal),
        MatchType.Regex => _regex!.IsMatch(value),
        _ => !_regex!.IsMatch(value),
    };

    /// <summary>Matches a UTF-8 value; equality needs no string, a regular expression decodes one.</summary>
    public bool Matches(ReadOnlySpan<byte> utf8Value) => Type switch
    {
        MatchType.Equal => utf8Value.SequenceEqual(_valueUtf8),
        MatchType.NotEqual => !utf8Value.SequenceEqual(_valueUtf8),
        _ => Matches(Encoding.UTF8.GetString(utf8Value)),
    };

    /// <summary>Matchers are equal when they have the same type, name and value (so parsed syntax trees compare by value).</summary>
    public override bool Equals(object? obj) =>
        obj is LabelMatcher other && Type == other.Type
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Type, Name, Value);

    /// <summary>As written in a selector: <c>name="value"</c> with the value quoted as Go would.</summary>
    public override string ToString()
    {
        var op = Type switch { MatchType.Equal => "=", MatchType.NotEqual => "!=", MatchType.Regex => "=~", _ => "!~" };
        var quoted = new StringBuilder(Value.Length + 2).Append('"');
        foreach (var c in Value)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                default: quoted.Append(c); break;
            }
        }
        return Name + op + quoted.Append('"');
    }
}
