using System.Text;
using System.Text.RegularExpressions;
using Orrery.Query.LogQL.Syntax;

namespace Orrery.Query.LogQL.Pipeline;

/// <summary><c>|=</c>, <c>!=</c>, <c>|~</c>, <c>!~</c>: alternatives (<c>or</c>) match when any of them does.</summary>
internal sealed class LineFilter : ILogStage
{
    private readonly bool _negate;
    private readonly byte[][] _substrings = [];
    private readonly Regex[] _regexes = [];
    private char[] _chars = new char[1024];

    public LineFilter(LineFilterStage stage)
    {
        _negate = stage.Op is LineFilterOp.NotContains or LineFilterOp.NotMatch;
        if (stage.Op is LineFilterOp.Contains or LineFilterOp.NotContains)
            _substrings = stage.Values.Select(Encoding.UTF8.GetBytes).ToArray();
        else _regexes = stage.Values.Select(v => RegexFactory.Create(v)).ToArray();
    }

    public bool Process(LogLine line) => Matches(line) != _negate;

    private bool Matches(LogLine line)
    {
        if (_regexes.Length == 0)
        {
            // Byte search: no string for the line unless a later stage needs one.
            var utf8 = line.Utf8;
            foreach (var needle in _substrings)
            {
                if (utf8.IndexOf(needle) >= 0) return true;
            }
            return false;
        }
        // Regexes match chars: decode into a reused buffer rather than a string per line, unless a string exists.
        ReadOnlySpan<char> text;
        if (line.HasString)
        {
            text = line.Line;
        }
        else
        {
            var bytes = line.Utf8;
            if (_chars.Length < bytes.Length) _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
            text = _chars.AsSpan(0, Encoding.UTF8.GetChars(bytes, _chars));
        }
        foreach (var regex in _regexes)
        {
            if (regex.IsMatch(text)) return true;
        }
        return false;
    }
}
