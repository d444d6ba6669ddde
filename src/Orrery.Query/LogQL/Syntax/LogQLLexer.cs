using System.Text;

namespace Orrery.Query.LogQL.Syntax;

/// <summary>
/// Splits a LogQL query into tokens. Strings are returned decoded (Go escapes in <c>"…"</c>,
/// raw in <c>`…`</c>); numbers followed by a unit become durations (<c>5m</c>, <c>1h30m</c>) or
/// byte sizes (<c>10KB</c>, <c>1MiB</c>).
/// </summary>
public sealed class LogQLLexer
{
    private readonly string _text;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public LogQLLexer(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _text = text;
    }

    public static List<Token> Tokenize(string text)
    {
        var lexer = new LogQLLexer(text);
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = lexer.Next();
            tokens.Add(token);
        }
        while (token.Kind != TokenKind.End);
        return tokens;
    }

    public Token Next()
    {
        SkipSpaceAndComments();
        var start = _pos;
        var line = _line;
        var column = _pos - _lineStart + 1;
        if (_pos >= _text.Length) return new Token(TokenKind.End, "", start, line, column);
        var c = _text[_pos];
        Token Make(TokenKind kind, int length)
        {
            _pos += length;
            return new Token(kind, _text.Substring(start, length), start, line, column);
        }

        var next = _pos + 1 < _text.Length ? _text[_pos + 1] : '\0';
        switch (c)
        {
            case '{': return Make(TokenKind.LeftBrace, 1);
            case '}': return Make(TokenKind.RightBrace, 1);
            case '(': return Make(TokenKind.LeftParen, 1);
            case ')': return Make(TokenKind.RightParen, 1);
            case '[': return Make(TokenKind.LeftBracket, 1);
            case ']': return Make(TokenKind.RightBracket, 1);
            case ',': return Make(TokenKind.Comma, 1);
            case '+': return Make(TokenKind.Plus, 1);
            case '-': return Make(TokenKind.Minus, 1);
            case '*': return Make(TokenKind.Star, 1);
            case '/': return Make(TokenKind.Slash, 1);
            case '%': return Make(TokenKind.Percent, 1);
            case '^': return Make(TokenKind.Caret, 1);
            case '|':
                return next switch
                {
                    '=' => Make(TokenKind.PipeExact, 2),
                    '~' => Make(TokenKind.PipeMatch, 2),
                    _ => Make(TokenKind.Pipe, 1),
                };
            case '=':
                return next switch
                {
                    '=' => Make(TokenKind.EqualEqual, 2),
                    '~' => Make(TokenKind.Regex, 2),
                    _ => Make(TokenKind.Equal, 1),
                };
            case '!':
                return next switch
                {
                    '=' => Make(TokenKind.NotEqual, 2),
                    '~' => Make(TokenKind.NotRegex, 2),
                    _ => throw Error(line, column, "syntax error: unexpected \"!\""),
                };
            case '>': return next == '=' ? Make(TokenKind.GreaterEqual, 2) : Make(TokenKind.Greater, 1);
            case '<': return next == '=' ? Make(TokenKind.LessEqual, 2) : Make(TokenKind.Less, 1);
            case '"':
            case '`':
                return new Token(TokenKind.String, ReadString(line, column), start, line, column);
        }
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(next))) return ReadNumber(start, line, column);
        if (IsIdentifierStart(c))
        {
            while (_pos < _text.Length && IsIdentifierPart(_text[_pos])) _pos++;
            return new Token(TokenKind.Identifier, _text[start.._pos], start, line, column);
        }
        throw Error(line, column, $"syntax error: unexpected character '{c}'");
    }

    private void SkipSpaceAndComments()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (char.IsWhiteSpace(c)) _pos++;
            else if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
            }
            else return;
        }
    }

    private string ReadString(int line, int column)
    {
        var quote = _text[_pos++];
        var value = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Error(line, column, "syntax error: unterminated string");
            var c = _text[_pos++];
            if (c == quote) return value.ToString();
            if (c == '\n')
            {
                if (quote == '"') throw Error(line, column, "syntax error: newline in string");
                _line++;
                _lineStart = _pos;
            }
            if (c != '\\' || quote == '`')
            {
                value.Append(c);
                continue;
            }
            if (_pos >= _text.Length) throw Error(line, column, "syntax error: unterminated string");
            var e = _text[_pos++];
            switch (e)
            {
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': value.Append('\r'); break;
                case 'a': value.Append('\a'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'v': value.Append('\v'); break;
                case '\\': value.Append('\\'); break;
                case '"': value.Append('"'); break;
                case '\'': value.Append('\''); break;
                case 'x': value.Append((char)ReadHex(2, line, column)); break;
                case 'u': value.Append(char.ConvertFromUtf32(ReadHex(4, line, column))); break;
                case 'U': value.Append(char.ConvertFromUtf32(ReadHex(8, line, column))); break;
                default: throw Error(line, column, $"syntax error: invalid escape \\{e} in string");
            }
        }
    }

    private int ReadHex(int digits, int line, int column)
    {
        if (_pos + digits > _text.Length
            || !int.TryParse(_text.AsSpan(_pos, digits), System.Globalization.NumberStyles.HexNumber, null, out var value))
            throw Error(line, column, "syntax error: invalid escape in string");
        _pos += digits;
        return value;
    }

    private Token ReadNumber(int start, int line, int column)
    {
        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] == '.')) _pos++;
        // An exponent only when digits follow, so "1e" stays an error rather than a silent number.
        if (_pos + 1 < _text.Length && _text[_pos] is 'e' or 'E'
            && (char.IsAsciiDigit(_text[_pos + 1]) || (_text[_pos + 1] is '+' or '-' && _pos + 2 < _text.Length && char.IsAsciiDigit(_text[_pos + 2]))))
        {
            _pos += 2;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
            return new Token(TokenKind.Number, _text[start.._pos], start, line, column);
        }
        if (_pos >= _text.Length || !char.IsAsciiLetter(_text[_pos]) && _text[_pos] != 'µ')
            return new Token(TokenKind.Number, _text[start.._pos], start, line, column);

        // A unit follows: durations may chain (1h30m), byte sizes do not.
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '.' or 'µ')) _pos++;
        var text = _text[start.._pos];
        if (GoDuration.TryParse(text, out _, out _)) return new Token(TokenKind.Duration, text, start, line, column);
        if (ByteSize.TryParse(text, out _)) return new Token(TokenKind.Bytes, text, start, line, column);
        throw Error(line, column, $"syntax error: invalid number or duration \"{text}\"");
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static LogQLParseException Error(int line, int column, string message) => new(line, column, message);
}
