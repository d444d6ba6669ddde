using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Orrery.Query.PromQL.Functions;

/// <summary>
/// A Go RE2 regular expression run on .NET's linear-time engine: the pattern is translated so
/// that groups are numbered as Go numbers them (named groups included, left to right), the
/// Perl classes <c>\d \w \s</c> stay ASCII, POSIX classes and <c>\Q…\E</c> work, and <c>$</c>
/// means end of text. Compiled patterns are cached because functions run once per step.
/// </summary>
internal sealed class GoRegex
{
    private const string GroupPrefix = "g__";
    private static readonly ConcurrentDictionary<string, GoRegex?> s_cache = new(StringComparer.Ordinal);

    private readonly Regex _regex;
    private readonly Dictionary<string, int> _groupNumbers;
    private readonly int _groupCount;

    private GoRegex(Regex regex, Dictionary<string, int> groupNumbers, int groupCount)
    {
        _regex = regex;
        _groupNumbers = groupNumbers;
        _groupCount = groupCount;
    }

    /// <summary>Compiles <c>^(?:pattern)$</c>, or returns null when Go would reject the pattern.</summary>
    public static GoRegex? CompileAnchored(string pattern)
    {
        if (s_cache.Count > 1024) s_cache.Clear();
        return s_cache.GetOrAdd(pattern, static p => TryCompile("^(?:" + p + ")$"));
    }

    private static GoRegex? TryCompile(string goPattern)
    {
        try
        {
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            var translated = Translate(goPattern, names, out var groups);
            var regex = new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            return new GoRegex(regex, names, groups);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Matches the whole input; on success returns Go's <c>ExpandString</c> of <paramref name="template"/>.</summary>
    public bool TryMatchAndExpand(string input, string template, out string expanded)
    {
        var match = _regex.Match(input);
        if (!match.Success)
        {
            expanded = string.Empty;
            return false;
        }
        expanded = Expand(template, match);
        return true;
    }

    private string Expand(string template, Match match)
    {
        var result = new StringBuilder(template.Length + 16);
        var i = 0;
        while (i < template.Length)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0)
            {
                result.Append(template, i, template.Length - i);
                break;
            }
            result.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                result.Append('$');
                i++;
                continue;
            }
            if (!TryExtractName(template, ref i, out var name))
            {
                // Not a reference: Go keeps the '$' and goes on after it.
                result.Append('$');
                continue;
            }
            var number = GroupNumber(name);
            if (number >= 0 && number <= _groupCount)
            {
                var group = number == 0 ? match.Groups[0] : match.Groups[GroupPrefix + number];
                if (group.Success) result.Append(group.Value);
            }
        }
        return result.ToString();
    }

    /// <summary>A numeric reference (no leading zeros, below 1e8), a group name, or -1.</summary>
    private int GroupNumber(string name)
    {
        var number = 0;
        foreach (var c in name)
        {
            if (c is < '0' or > '9' || number >= 100_000_000)
            {
                number = -1;
                break;
            }
            number = number * 10 + (c - '0');
        }
        if (name.Length > 1 && name[0] == '0') number = -1;
        if (number >= 0) return number;
        return _groupNumbers.TryGetValue(name, out var n) ? n : -1;
    }

    /// <summary>Go's <c>extract</c>: <c>name</c> or <c>{name}</c> of letters, digits and underscores.</summary>
    private static bool TryExtractName(string template, ref int i, out string name)
    {
        name = string.Empty;
        if (i >= template.Length) return false;
        var braced = template[i] == '{';
        var start = braced ? i + 1 : i;
        var end = start;
        while (end < template.Length && (char.IsLetterOrDigit(template[end]) || template[end] == '_')) end++;
        if (end == start) return false;
        if (braced)
        {
            if (end >= template.Length || template[end] != '}') return false;
            name = template[start..end];
            i = end + 1;
            return true;
        }
        name = template[start..end];
        i = end;
        return true;
    }

    /// <summary>Rewrites Go syntax into .NET syntax; every capturing group becomes <c>(?&lt;g__N&gt;</c> with Go's number N.</summary>
    private static string Translate(string pattern, Dictionary<string, int> names, out int groups)
    {
        var multiline = pattern.Contains("(?m", StringComparison.Ordinal);
        var sb = new StringBuilder(pattern.Length + 32);
        groups = 0;
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    i = TranslateEscape(pattern, i, sb, inClass: false);
                    continue;
                case '[':
                    i = TranslateClass(pattern, i, sb);
                    continue;
                case '$' when !multiline:
                    sb.Append(@"\z");
                    i++;
                    continue;
                case '(':
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?')
                    {
                        var nameStart = string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0 ? i + 4
                            : string.CompareOrdinal(pattern, i, "(?<", 0, 3) == 0 ? i + 3 : -1;
                        if (nameStart > 0)
                        {
                            var close = pattern.IndexOf('>', nameStart);
                            if (close < 0) throw new ArgumentException("missing closing >");
                            var name = pattern[nameStart..close];
                            if (name.Length == 0 || !name.All(ch => char.IsLetterOrDigit(ch) || ch == '_')) throw new ArgumentException("invalid group name");
                            groups++;
                            if (!names.TryAdd(name, groups)) throw new ArgumentException("duplicate group name");
                            sb.Append("(?<").Append(GroupPrefix).Append(groups).Append('>');
                            i = close + 1;
                            continue;
                        }
                        sb.Append(c);
                        i++;
                        continue;
                    }
                    groups++;
                    sb.Append("(?<").Append(GroupPrefix).Append(groups).Append('>');
                    i++;
                    continue;
                default:
                    sb.Append(c);
                    i++;
                    continue;
            }
        }
        return sb.ToString();
    }

    private static int TranslateEscape(string p, int i, StringBuilder sb, bool inClass)
    {
        if (i + 1 >= p.Length) throw new ArgumentException("trailing backslash");
        var e = p[i + 1];
        switch (e)
        {
            case 'd': sb.Append(inClass ? "0-9" : "[0-9]"); return i + 2;
            case 'w': sb.Append(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]"); return i + 2;
            case 's': sb.Append(inClass ? @"\t\n\f\r " : @"[\t\n\f\r ]"); return i + 2;
            case 'D' when !inClass: sb.Append("[^0-9]"); return i + 2;
            case 'W' when !inClass: sb.Append("[^0-9A-Za-z_]"); return i + 2;
            case 'S' when !inClass: sb.Append(@"[^\t\n\f\r ]"); return i + 2;
            case 'Q' when !inClass:
                {
                    var end = p.IndexOf(@"\E", i + 2, StringComparison.Ordinal);
                    var literal = end < 0 ? p[(i + 2)..] : p[(i + 2)..end];
                    sb.Append(Regex.Escape(literal));
                    return end < 0 ? p.Length : end + 2;
                }
            case 'p' or 'P' when i + 2 < p.Length && p[i + 2] != '{':
                // Go allows a one-letter Unicode class without braces.
                sb.Append('\\').Append(e).Append('{').Append(p[i + 2]).Append('}');
                return i + 3;
            default:
                sb.Append('\\').Append(e);
                return i + 2;
        }
    }

    private static readonly Dictionary<string, string> s_posixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z",
        ["alpha"] = "A-Za-z",
        ["ascii"] = @"\x00-\x7F",
        ["blank"] = @"\t ",
        ["cntrl"] = @"\x00-\x1F\x7F",
        ["digit"] = "0-9",
        ["graph"] = @"!-~",
        ["lower"] = "a-z",
        ["print"] = @" -~",
        ["punct"] = @"!-/:-@\[-`{-~",
        ["space"] = @"\t\n\v\f\r ",
        ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_",
        ["xdigit"] = "0-9A-Fa-f",
    };

    private static int TranslateClass(string p, int i, StringBuilder sb)
    {
        sb.Append('[');
        i++;
        if (i < p.Length && p[i] == '^')
        {
            sb.Append('^');
            i++;
        }
        // A ']' right after the opening bracket is a literal in Go.
        if (i < p.Length && p[i] == ']')
        {
            sb.Append(@"\]");
            i++;
        }
        while (i < p.Length && p[i] != ']')
        {
            if (p[i] == '\\')
            {
                i = TranslateEscape(p, i, sb, inClass: true);
                continue;
            }
            if (p[i] == '[' && i + 1 < p.Length && p[i + 1] == ':')
            {
                var close = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close > 0)
                {
                    var name = p[(i + 2)..close];
                    if (s_posixClasses.TryGetValue(name, out var ranges))
                    {
                        sb.Append(ranges);
                        i = close + 2;
                        continue;
                    }
                    throw new ArgumentException("invalid character class range");
                }
            }
            if (p[i] == '[') sb.Append('\\');
            sb.Append(p[i]);
            i++;
        }
        if (i >= p.Length) throw new ArgumentException("missing closing ]");
        sb.Append(']');
        return i + 1;
    }
}
