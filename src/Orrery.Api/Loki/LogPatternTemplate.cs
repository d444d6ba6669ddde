using System.Text;

namespace Orrery.Api.Loki;

/// <summary>
/// A line's pattern for <c>/loki/api/v1/patterns</c>: the line with its variable parts replaced
/// by <c>&lt;_&gt;</c>. Whitespace-separated tokens holding a digit (numbers, ids, times,
/// addresses, durations), long hex or base64-like runs, and quoted strings that are not JSON
/// keys are variable; in <c>key=value</c> tokens only the value is. Adjacent variables merge, so
/// lines that differ only in their values share one pattern.
/// </summary>
public static class LogPatternTemplate
{
    public const string Variable = "<_>";
    /// <summary>Patterns are cut here: a pattern is for reading, and some lines are huge.</summary>
    private const int MaxLength = 1024;

    public static string Of(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.Length > MaxLength ? line[..MaxLength] : line;
        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                output.Append(c);
                i++;
                continue;
            }
            if (c == '"')
            {
                var close = ClosingQuote(text, i + 1);
                var isKey = close + 1 < text.Length && text[close + 1] == ':';
                var content = text[(i + 1)..Math.Min(close, text.Length)];
                if (close >= text.Length || isKey || !IsVariable(content, quoted: true)) output.Append(text, i, Math.Min(close + 1, text.Length) - i);
                else AppendVariable(output, quoted: true);
                i = close + 1;
                continue;
            }
            var end = i;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '"') end++;
            AppendToken(output, text[i..end]);
            i = end;
        }
        return output.ToString();
    }

    private static void AppendToken(StringBuilder output, string token)
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0 && equals < token.Length - 1)
        {
            output.Append(token, 0, equals + 1);
            AppendToken(output, token[(equals + 1)..]);
            return;
        }
        // Keep punctuation that wraps a value ("[", "(", ",", ":" at the ends) so "(took 12ms)," keeps its shape.
        var start = 0;
        var end = token.Length;
        while (start < end && IsWrapper(token[start])) start++;
        while (end > start && IsWrapper(token[end - 1])) end--;
        var core = token[start..end];
        output.Append(token, 0, start);
        if (core.Length > 0 && IsVariable(core, quoted: false)) AppendVariable(output, quoted: false);
        else output.Append(core);
        output.Append(token, end, token.Length - end);
    }

    private static bool IsWrapper(char c) => c is '[' or ']' or '(' or ')' or '{' or '}' or ',' or ';' or ':' or '\'';

    private static bool IsVariable(string text, bool quoted)
    {
        if (quoted) return text.Length > 0 && (text.Any(char.IsAsciiDigit) || text.Contains(' ', StringComparison.Ordinal) || text.Length >= 16);
        if (text.Any(char.IsAsciiDigit)) return true;
        // Long runs of hex or base64 characters are ids even without a digit.
        return text.Length >= 16 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '-' or '_');
    }

    private static void AppendVariable(StringBuilder output, bool quoted)
    {
        var text = quoted ? "\"" + Variable + "\"" : Variable;
        // "<_> <_>" stays two (the token count is part of the shape); "<_><_>" within one token merges.
        if (!quoted && output.Length >= Variable.Length && output.ToString(output.Length - Variable.Length, Variable.Length) == Variable) return;
        output.Append(text);
    }

    private static int ClosingQuote(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '\\') i++;
            else if (text[i] == '"') return i;
        }
        return text.Length;
    }
}
