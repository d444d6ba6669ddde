namespace Orrery.Query.LogQL.Pipeline;

/// <summary>
/// Loki's pattern expressions: literals and captures (<c>&lt;name&gt;</c>, <c>&lt;_&gt;</c> to skip).
/// A capture takes the text up to the next literal (its first occurrence); a trailing capture
/// takes the rest of the line; a leading literal must start the line.
/// </summary>
public sealed class PatternMatcher
{
    private readonly (string? Literal, string? Capture)[] _parts;

    private PatternMatcher((string? Literal, string? Capture)[] parts) => _parts = parts;

    /// <summary>Throws <see cref="FormatException"/> for a pattern without named captures or with two adjacent captures.</summary>
    public static PatternMatcher Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var parts = new List<(string?, string?)>();
        var i = 0;
        var literalStart = 0;
        var named = 0;
        while (i < pattern.Length)
        {
            if (pattern[i] == '<')
            {
                var close = pattern.IndexOf('>', i + 1);
                var name = close > i + 1 ? pattern[(i + 1)..close] : "";
                if (name.Length > 0 && IsCaptureName(name))
                {
                    if (i > literalStart) parts.Add((pattern[literalStart..i], null));
                    if (parts.Count > 0 && parts[^1].Item2 is not null)
                        throw new FormatException($"at least one literal is required between captures: {pattern}");
                    parts.Add((null, name));
                    if (name != "_") named++;
                    i = close + 1;
                    literalStart = i;
                    continue;
                }
            }
            i++;
        }
        if (literalStart < pattern.Length) parts.Add((pattern[literalStart..], null));
        if (named == 0) throw new FormatException("at least one capture is required");
        return new PatternMatcher([.. parts]);
    }

    private static bool IsCaptureName(string name) =>
        name == "_" || ((char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'));

    /// <summary>Sets the captures on <paramref name="line"/> when the whole pattern matches; otherwise adds nothing.</summary>
    public bool Match(string text, LogLine line)
    {
        Span<(int Start, int End)> spans = _parts.Length <= 32 ? stackalloc (int, int)[_parts.Length] : new (int, int)[_parts.Length];
        var pos = 0;
        for (var p = 0; p < _parts.Length; p++)
        {
            var (literal, capture) = _parts[p];
            if (literal is not null)
            {
                if (!text.AsSpan(pos).StartsWith(literal, StringComparison.Ordinal)) return false;
                pos += literal.Length;
                continue;
            }
            var next = p + 1 < _parts.Length ? _parts[p + 1].Literal : null;
            if (next is null)
            {
                spans[p] = (pos, text.Length);
                pos = text.Length;
                continue;
            }
            var at = text.IndexOf(next, pos, StringComparison.Ordinal);
            if (at < 0) return false;
            spans[p] = (pos, at);
            pos = at;
        }
        for (var p = 0; p < _parts.Length; p++)
        {
            var name = _parts[p].Capture;
            if (name is null or "_") continue;
            line.SetParsed(name, text[spans[p].Start..spans[p].End]);
        }
        return true;
    }
}
