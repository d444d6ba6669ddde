using System.Text;
using System.Text.RegularExpressions;

namespace Orrery.Receive.Scrape.Relabel;

/// <summary>
/// A relabel regular expression with Go's semantics where they differ from .NET's: anchored at
/// both ends (Prometheus compiles <c>^(?:re)$</c>), <c>(?P&lt;name&gt;…)</c> accepted, and groups
/// numbered strictly left to right whether named or not (.NET numbers named groups after the
/// unnamed ones, which would change what <c>$2</c> means). Named groups are therefore compiled
/// as plain groups and their names kept here. It runs NonBacktracking: the pattern is
/// configuration, but linear time costs nothing here.
/// </summary>
public sealed class GoRegex
{
    private readonly Dictionary<string, int> _groupNumbers;

    private GoRegex(string pattern, Regex regex, Dictionary<string, int> groupNumbers)
    {
        Pattern = pattern;
        Regex = regex;
        _groupNumbers = groupNumbers;
    }

    public string Pattern { get; }

    internal Regex Regex { get; }

    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public static GoRegex Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var rewritten = NumberGroups(pattern, names);
        var regex = new Regex("^(?:" + rewritten + ")$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        return new GoRegex(pattern, regex, names);
    }

    public bool IsMatch(string input) => Regex.IsMatch(input);

    public Match Match(string input) => Regex.Match(input);

    /// <summary>
    /// Go's <c>Regexp.Expand</c>: <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>${name}</c> and <c>$$</c>.
    /// A name is the longest run of letters, digits and underscores, so <c>$1x</c> refers to a
    /// group called "1x" and expands to nothing, as in Prometheus.
    /// </summary>
    public string Expand(string template, Match match)
    {
        if (template.IndexOf('$') < 0) return template;
        var s = new StringBuilder(template.Length + 16);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c != '$' || i + 1 >= template.Length)
            {
                s.Append(c);
                continue;
            }
            if (template[i + 1] == '$')
            {
                s.Append('$');
                i++;
                continue;
            }
            string name;
            int end;
            if (template[i + 1] == '{')
            {
                var close = template.IndexOf('}', i + 2);
                name = close < 0 ? "" : template[(i + 2)..close];
                end = close;
                if (name.Length == 0 || !IsWord(name))
                {
                    s.Append('$');
                    continue;
                }
            }
            else
            {
                end = i + 1;
                while (end < template.Length && IsWordChar(template[end])) end++;
                name = template[(i + 1)..end];
                end--;
                if (name.Length == 0)
                {
                    s.Append('$');
                    continue;
                }
            }
            var group = GroupNumber(name);
            if (group >= 0 && group < match.Groups.Count && match.Groups[group].Success) s.Append(match.Groups[group].ValueSpan);
            i = end;
        }
        return s.ToString();
    }

    private int GroupNumber(string name)
    {
        if (name.All(char.IsAsciiDigit)) return int.TryParse(name, out var n) ? n : -1;
        return _groupNumbers.TryGetValue(name, out var number) ? number : -1;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsWord(string s) => s.All(IsWordChar);

    /// <summary>Rewrites named groups as plain ones, recording each name's left-to-right number.</summary>
    private static string NumberGroups(string pattern, Dictionary<string, int> names)
    {
        var s = new StringBuilder(pattern.Length);
        var group = 0;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                s.Append(c).Append(pattern[++i]);
                continue;
            }
            if (inClass)
            {
                if (c == ']') inClass = false;
                s.Append(c);
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                s.Append(c);
                // A ']' right after '[' or '[^' is a literal, not the end of the class.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^') s.Append(pattern[++i]);
                if (i + 1 < pattern.Length && pattern[i + 1] == ']') s.Append(pattern[++i]);
                continue;
            }
            if (c != '(')
            {
                s.Append(c);
                continue;
            }
            if (i + 1 < pattern.Length && pattern[i + 1] == '?')
            {
                var nameStart = pattern.AsSpan(i).StartsWith("(?P<") ? i + 4 : pattern.AsSpan(i).StartsWith("(?<") && i + 3 < pattern.Length && pattern[i + 3] is not ('=' or '!') ? i + 3 : -1;
                if (nameStart < 0)
                {
                    s.Append(c);
                    continue;
                }
                var close = pattern.IndexOf('>', nameStart);
                if (close < 0) throw new ArgumentException($"invalid named group in \"{pattern}\"", nameof(pattern));
                names[pattern[nameStart..close]] = ++group;
                s.Append('(');
                i = close;
                continue;
            }
            group++;
            s.Append(c);
        }
        return s.ToString();
    }
}
