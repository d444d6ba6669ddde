using Orrery.Signals.Labels;
using MatchType = Orrery.Signals.Labels.MatchType;

namespace Orrery.Api.Prometheus;

/// <summary>
/// Parses a PromQL vector selector (<c>metric{a="b", c=~"d.*"}</c>, <c>{__name__="m"}</c>) into
/// label matchers, with errors worded and positioned as Prometheus words them
/// (<c>1:5: parse error: unexpected end of input inside braces</c>). Enough PromQL for
/// <c>match[]</c> and exemplar queries until the full parser lands; the scanning helpers are
/// shared with <see cref="SelectorExtractor"/>.
/// </summary>
internal sealed partial class SelectorParser
{
    private readonly string _text;
    private int _pos;

    public SelectorParser(string text, int position = 0)
    {
        _text = text ?? throw new ArgumentNullException(nameof(text));
        _pos = position;
    }

    public int Position => _pos;

    public string Text => _text;

    /// <summary>
    /// The whole of <paramref name="text"/> must be one selector (Prometheus's
    /// <c>ParseMetricSelector</c>, which leaves the checks of a query's selectors, such as "at
    /// least one non-empty matcher", to its caller).
    /// </summary>
    public static bool TryParse(string text, out IReadOnlyList<LabelMatcher> matchers, out string? error)
    {
        var parser = new SelectorParser(text);
        parser.SkipSpace();
        if (parser.AtEnd)
        {
            matchers = [];
            error = parser.Error(parser._pos, "no expression found in input");
            return false;
        }
        if (!parser.TryParseSelector(checkAsQuery: false, out matchers, out error)) return false;
        parser.SkipSpace();
        if (parser.AtEnd) return true;
        // Outside braces '}' starts no token, so the lexer is the one to complain.
        var token = parser.Peek == '}' ? "character: '}'" : parser.DescribeToken();
        error = parser.Error(parser._pos, "unexpected " + token);
        return false;
    }

    /// <summary>
    /// Parses one selector at the current position: a metric name, braces, or both. With
    /// <paramref name="checkAsQuery"/> it also refuses what PromQL refuses in a query: a name
    /// given twice, or only matchers that match the empty value (which would select everything).
    /// </summary>
    public bool TryParseSelector(bool checkAsQuery, out IReadOnlyList<LabelMatcher> matchers, out string? error)
    {
        var list = new List<LabelMatcher>();
        matchers = list;
        SkipSpace();
        var start = _pos;
        string? name = null;
        if (IsMetricNameStart(Peek))
        {
            name = ReadWhile(IsMetricNameChar);
            SkipSpace();
        }
        if (Peek == '{' && !TryParseMatchers(list, out error)) return false;
        if (name is null && list.Count == 0 && _pos == start)
        {
            error = Error(_pos, "unexpected " + DescribeToken());
            return false;
        }
        if (name is not null && checkAsQuery)
        {
            foreach (var m in list)
            {
                if (m.Name == LabelSet.MetricName)
                {
                    error = Error(start, $"metric name must not be set twice: \"{name}\" or \"{m.Value}\"");
                    return false;
                }
            }
        }
        if (name is not null) list.Add(new LabelMatcher(MatchType.Equal, LabelSet.MetricName, name));
        if (checkAsQuery && list.TrueForAll(m => m.MatchesEmpty))
        {
            error = Error(start, "vector selector must contain at least one non-empty matcher");
            return false;
        }
        error = null;
        return true;
    }

    private bool TryParseMatchers(List<LabelMatcher> into, out string? error)
    {
        _pos++; // '{'
        while (true)
        {
            SkipSpace();
            if (AtEnd) return Fail(out error, "unexpected end of input inside braces");
            if (Peek == '}')
            {
                _pos++;
                error = null;
                return true;
            }
            if (LexErrorInsideBraces() is { } lexError) return Fail(out error, lexError);
            if (!IsLabelNameStart(Peek)) return Fail(out error, $"unexpected {DescribeToken()} in label matching, expected identifier or \"}}\"");
            var nameStart = _pos;
            var name = ReadWhile(IsLabelNameChar);
            SkipSpace();
            if (AtEnd) return Fail(out error, "unexpected end of input inside braces");
            if (LexErrorInsideBraces() is { } opError) return Fail(out error, opError);
            if (!TryReadOperator(out var type)) return Fail(out error, $"unexpected {DescribeToken()} in label matching, expected label matching operator");
            SkipSpace();
            if (AtEnd) return Fail(out error, "unexpected end of input inside braces");
            var valueStart = _pos;
            if (LexErrorInsideBraces() is { } valueError) return Fail(out error, valueError);
            if (!IsQuote(Peek)) return Fail(out error, $"unexpected {DescribeToken()} in label matching, expected string");
            if (!TryReadString(out var value, out var stringError))
            {
                error = Error(valueStart, stringError!);
                return false;
            }
            try
            {
                into.Add(new LabelMatcher(type, name, value));
            }
            catch (ArgumentException e)
            {
                error = Error(nameStart, $"error parsing regexp: {e.Message}");
                return false;
            }
            SkipSpace();
            if (AtEnd) return Fail(out error, "unexpected end of input inside braces");
            if (LexErrorInsideBraces() is { } nextError) return Fail(out error, nextError);
            if (Peek == ',')
            {
                _pos++;
                continue;
            }
            if (Peek != '}') return Fail(out error, $"unexpected {DescribeToken()} in label matching, expected \",\" or \"}}\"");
        }
    }

    private bool TryReadOperator(out MatchType type)
    {
        type = MatchType.Equal;
        var rest = _text.AsSpan(_pos);
        if (rest.StartsWith("=~")) (type, _pos) = (MatchType.Regex, _pos + 2);
        else if (rest.StartsWith("!=")) (type, _pos) = (MatchType.NotEqual, _pos + 2);
        else if (rest.StartsWith("!~")) (type, _pos) = (MatchType.NotRegex, _pos + 2);
        else if (rest.StartsWith("=")) _pos++;
        else return false;
        return true;
    }

    /// <summary>
    /// What PromQL's lexer refuses inside braces before the parser sees a token: characters
    /// that start no token there (digits, brackets…), a lone '!', a second '{'.
    /// </summary>
    private string? LexErrorInsideBraces()
    {
        var c = Peek;
        if (IsLabelNameStart(c) || IsQuote(c) || c is ',' or '}' or '=') return null;
        if (c == '!')
        {
            var next = _pos + 1 < _text.Length ? _text[_pos + 1] : '\0';
            return next is '=' or '~' ? null : $"unexpected character after '!' inside braces: {GoRune(next)}";
        }
        return c == '{' ? "unexpected left brace '{'" : $"unexpected character inside braces: {GoRune(c)}";
    }

    private bool Fail(out string? error, string message)
    {
        error = Error(_pos, message);
        return false;
    }
}
