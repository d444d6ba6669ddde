using System.Text;

namespace Orrery.Api.Tempo.Search;

/// <summary>One <c>key=value</c> pair of a logfmt string; <see cref="Quoted"/> when the value was in quotes.</summary>
public readonly record struct LogfmtPair(string Key, string Value, bool Quoted);

/// <summary>
/// Parses the logfmt that Tempo's <c>tags</c> search parameter carries:
/// <c>service.name="checkout api" http.status_code=500 name=foo</c>. Values may be quoted with
/// <c>"</c> and use <c>\"</c> and <c>\\</c> escapes inside quotes.
/// </summary>
public static class Logfmt
{
    public static bool TryParse(string text, out List<LogfmtPair> pairs, out string? error)
    {
        pairs = [];
        error = null;
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length) return true;

            var keyStart = i;
            while (i < text.Length && text[i] != '=' && !char.IsWhiteSpace(text[i]) && text[i] != '"') i++;
            var key = text[keyStart..i];
            if (key.Length == 0) return Fail($"expected a key at position {i} of tags '{text}'", out error);
            if (i >= text.Length || text[i] != '=') return Fail($"tag '{key}' has no value (expected {key}=value)", out error);
            i++; // '='

            if (i < text.Length && text[i] == '"')
            {
                var value = new StringBuilder();
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    var c = text[i++];
                    if (c == '"')
                    {
                        closed = true;
                        break;
                    }
                    if (c == '\\' && i < text.Length)
                    {
                        var escaped = text[i++];
                        value.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => escaped });
                        continue;
                    }
                    value.Append(c);
                }
                if (!closed) return Fail($"unterminated quote in value of tag '{key}'", out error);
                if (i < text.Length && !char.IsWhiteSpace(text[i])) return Fail($"expected a space after the quoted value of tag '{key}'", out error);
                pairs.Add(new LogfmtPair(key, value.ToString(), Quoted: true));
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
                var value = text[valueStart..i];
                if (value.Contains('"')) return Fail($"unexpected quote in value of tag '{key}'", out error);
                pairs.Add(new LogfmtPair(key, value, Quoted: false));
            }
        }
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
