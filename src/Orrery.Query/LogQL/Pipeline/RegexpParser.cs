using System.Text.RegularExpressions;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary><c>| regexp "(?P&lt;name&gt;…)"</c>: each named group that matched becomes a label; no match adds nothing.</summary>
internal sealed class RegexpParser : ILogStage
{
    private readonly Regex _regex;
    private readonly string[] _names;

    public RegexpParser(string pattern)
    {
        _regex = RegexFactory.Create(pattern);
        _names = _regex.GetGroupNames().Where(n => !int.TryParse(n, out _)).ToArray();
    }

    public bool Process(LogLine line)
    {
        var match = _regex.Match(line.Line);
        if (!match.Success) return true;
        foreach (var name in _names)
        {
            var group = match.Groups[name];
            if (group.Success) line.SetParsed(JsonParser.Sanitize(name), group.Value);
        }
        return true;
    }
}

/// <summary><c>| pattern "&lt;ip&gt; - &lt;_&gt; \"&lt;method&gt; …"</c>.</summary>
internal sealed class PatternParser(string pattern) : ILogStage
{
    private readonly PatternMatcher _matcher = PatternMatcher.Compile(pattern);

    public bool Process(LogLine line)
    {
        _matcher.Match(line.Line, line);
        return true;
    }
}
