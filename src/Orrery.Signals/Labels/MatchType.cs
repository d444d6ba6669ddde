namespace Orrery.Signals.Labels;

/// <summary>The four label matchers of PromQL and LogQL stream selectors.</summary>
public enum MatchType
{
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>!=</c></summary>
    NotEqual,
    /// <summary><c>=~</c>: the whole value matches the regular expression.</summary>
    Regex,
    /// <summary><c>!~</c></summary>
    NotRegex,
}
