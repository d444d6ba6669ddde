using System.Globalization;
using System.Text;

namespace Orrery.Api.Prometheus;

/// <summary>Characters, strings and tokens as PromQL's lexer sees them.</summary>
internal sealed partial class SelectorParser
{
    public bool AtEnd => _pos >= _text.Length;

    public char Peek => _pos < _text.Length ? _text[_pos] : '\0';

    public static bool IsMetricNameStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    public static bool IsMetricNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    public static bool IsLabelNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsLabelNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    public static bool IsQuote(char c) => c is '"' or '\'' or '`';

    /// <summary>Skips white space and <c>#</c> comments, which PromQL allows anywhere between tokens.</summary>
    public void SkipSpace()
    {
        while (!AtEnd)
        {
            if (char.IsWhiteSpace(Peek)) _pos++;
            else if (Peek == '#')
            {
                while (!AtEnd && Peek != '\n') _pos++;
            }
            else return;
        }
    }

    public string ReadWhile(Func<char, bool> accept)
    {
        var start = _pos;
        while (!AtEnd && accept(Peek)) _pos++;
        return _text[start.._pos];
    }

    public void Advance(int count = 1) => _pos = Math.Min(_text.Length, _pos + count);

    /// <summary>
    /// A string literal at the current position: "…" and '…' with Go's escapes, `…` raw.
    /// <c>\x</c> and octal escapes are bytes, as in Go, and must add up to valid UTF-8.
    /// On failure the position is left at the literal's start.
    /// </summary>
    public bool TryReadString(out string value, out string? error)
    {
        var start = _pos;
        var quote = _text[_pos++];
        var text = new StringBuilder();
        var bytes = new List<byte>();
        value = string.Empty;
        while (!AtEnd)
        {
            var c = _text[_pos++];
            var isByteEscape = quote != '`' && c == '\\' && !AtEnd && (Peek == 'x' || Peek is >= '0' and <= '7');
            if (!isByteEscape && bytes.Count > 0 && !TryFlushBytes(bytes, text))
            {
                _pos = start;
                error = "invalid UTF-8 rune";
                return false;
            }
            if (c == quote)
            {
                value = text.ToString();
                error = null;
                return true;
            }
            if (quote != '`' && c == '\n') break;
            if (c != '\\' || quote == '`')
            {
                text.Append(c);
                continue;
            }
            if (!TryReadEscape(quote, text, bytes, out error))
            {
                _pos = start;
                return false;
            }
        }
        _pos = start;
        error = "unterminated quoted string";
        return false;
    }

    private static bool TryFlushBytes(List<byte> bytes, StringBuilder text)
    {
        try
        {
            text.Append(StrictUtf8.GetString(bytes.ToArray()));
            bytes.Clear();
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private bool TryReadEscape(char quote, StringBuilder text, List<byte> bytes, out string? error)
    {
        error = null;
        if (AtEnd)
        {
            error = "unterminated quoted string";
            return false;
        }
        var c = _text[_pos++];
        switch (c)
        {
            case 'a': text.Append('\a'); return true;
            case 'b': text.Append('\b'); return true;
            case 'f': text.Append('\f'); return true;
            case 'n': text.Append('\n'); return true;
            case 'r': text.Append('\r'); return true;
            case 't': text.Append('\t'); return true;
            case 'v': text.Append('\v'); return true;
            case '\\': text.Append('\\'); return true;
            case 'x': return TryReadCode(2, 16, text, bytes, out error);
            case 'u': return TryReadCode(4, 16, text, bytes, out error);
            case 'U': return TryReadCode(8, 16, text, bytes, out error);
            case >= '0' and <= '7':
                _pos--;
                return TryReadCode(3, 8, text, bytes, out error);
        }
        if (c == quote)
        {
            text.Append(c);
            return true;
        }
        error = $"unknown escape sequence U+{(int)c:X4} {GoRune(c)}";
        return false;
    }

    private bool TryReadCode(int length, int radix, StringBuilder text, List<byte> bytes, out string? error)
    {
        error = "invalid escape sequence";
        if (_pos + length > _text.Length) return false;
        var digits = _text.AsSpan(_pos, length);
        long code;
        if (radix == 16)
        {
            if (!long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code)) return false;
        }
        else
        {
            code = 0;
            foreach (var d in digits)
            {
                if (d is < '0' or > '7') return false;
                code = (code * 8) + (d - '0');
            }
        }
        _pos += length;
        error = null;
        if (length <= 3)
        {
            // \x and octal escapes are bytes; several of them may spell one UTF-8 character.
            if (code > 0xFF)
            {
                error = "invalid escape sequence";
                return false;
            }
            bytes.Add((byte)code);
            return true;
        }
        if (code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
        {
            error = "invalid escape sequence";
            return false;
        }
        text.Append(char.ConvertFromUtf32((int)code));
        return true;
    }

    /// <summary>The token at the current position, as Prometheus's errors name it.</summary>
    public string DescribeToken()
    {
        if (AtEnd) return "end of input";
        var c = Peek;
        if (IsMetricNameStart(c))
        {
            var end = _pos;
            while (end < _text.Length && IsMetricNameChar(_text[end])) end++;
            return $"identifier \"{_text[_pos..end]}\"";
        }
        if (char.IsAsciiDigit(c))
        {
            var end = _pos;
            while (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] == '.')) end++;
            return $"number \"{_text[_pos..end]}\"";
        }
        if (IsQuote(c)) return "string";
        // Characters that start no PromQL token are the lexer's complaint, not the parser's.
        if (c is '\\' or '$' or '?' or ';' or '&' or '|') return "character: " + GoRune(c);
        var rest = _text.AsSpan(_pos);
        foreach (var op in TwoCharacterTokens)
        {
            if (rest.StartsWith(op)) return $"\"{op}\"";
        }
        return $"\"{c}\"";
    }

    private static readonly string[] TwoCharacterTokens = ["!=", "=~", "!~", ">=", "<="];

    /// <summary>A character as Go's <c>%q</c> prints a rune: <c>'x'</c>.</summary>
    public static string GoRune(char c) => c switch
    {
        '\0' => "'\\x00'",
        '\n' => "'\\n'",
        '\'' => "'\\''",
        '\\' => "'\\\\'",
        _ => $"'{c}'",
    };

    /// <summary>Prometheus's <c>ParseErr</c> text: "line:column: parse error: …", column counted from 1.</summary>
    public string Error(int position, string message)
    {
        var line = 1;
        var lastLineBreak = -1;
        for (var i = 0; i < position && i < _text.Length; i++)
        {
            if (_text[i] != '\n') continue;
            line++;
            lastLineBreak = i;
        }
        return $"{line}:{position - lastLineBreak}: parse error: {message}";
    }
}
