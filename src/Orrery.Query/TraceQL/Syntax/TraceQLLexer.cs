using System.Globalization;
using System.Text;
using K = Orrery.Query.TraceQL.Syntax.TraceQLTokenKind;

namespace Orrery.Query.TraceQL.Syntax;

/// <summary>
/// Splits a TraceQL query into tokens. Attribute paths become one token (<c>span.http.status_code</c>,
/// <c>.attr</c>, <c>resource."a b"</c>); colon intrinsics (<c>span:id</c>) become one identifier;
/// numbers followed by a unit become durations. Strings are returned decoded.
/// </summary>
public sealed class TraceQLLexer
{
    private readonly string _text;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public TraceQLLexer(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _text = text;
    }

    public static List<TraceQLToken> Tokenize(string text)
    {
        var lexer = new TraceQLLexer(text);
        var tokens = new List<TraceQLToken>();
        TraceQLToken token;
        do
        {
            token = lexer.Next();
            tokens.Add(token);
        }
        while (token.Kind != K.End);
        return tokens;
    }

    public TraceQLToken Next()
    {
        SkipSpace();
        var start = _pos;
        var line = _line;
        var column = _pos - _lineStart + 1;
        if (_pos >= _text.Length) return new TraceQLToken(K.End, "", start, line, column);

        TraceQLToken Make(K kind, int length, string value = "", AttributeScope scope = AttributeScope.None)
        {
            _pos = start + length;
            return new TraceQLToken(kind, _text.Substring(start, length), start, line, column, value, scope);
        }

        TraceQLToken Fail(string reason) => throw new TraceQLParseException(line, column, start, reason);

        var c = _text[_pos];
        switch (c)
        {
            case '{': return Make(K.LeftBrace, 1);
            case '}': return Make(K.RightBrace, 1);
            case '(': return Make(K.LeftParen, 1);
            case ')': return Make(K.RightParen, 1);
            case ',': return Make(K.Comma, 1);
            case '~': return Make(K.Tilde, 1);
            case '+': return Make(K.Plus, 1);
            case '-': return Make(K.Minus, 1);
            case '*': return Make(K.Star, 1);
            case '/': return Make(K.Slash, 1);
            case '%': return Make(K.Percent, 1);
            case '^': return Make(K.Caret, 1);
            case '|': return At(1, '|') ? Make(K.Or, 2) : Make(K.Pipe, 1);
            case '=': return At(1, '~') ? Make(K.Regex, 2) : Make(K.Equal, 1);
            case '>': return At(1, '>') ? Make(K.Descendant, 2) : At(1, '=') ? Make(K.GreaterEqual, 2) : Make(K.Greater, 1);
            case '<': return At(1, '<') ? Make(K.Ancestor, 2) : At(1, '=') ? Make(K.LessEqual, 2) : Make(K.Less, 1);
            case '!':
                if (At(1, '=')) return Make(K.NotEqual, 2);
                if (At(1, '~')) return Make(K.NotRegex, 2);
                if (At(1, '>')) return At(2, '>') ? Make(K.NotDescendant, 3) : Make(K.NotChild, 2);
                if (At(1, '<')) return At(2, '<') ? Make(K.NotAncestor, 3) : Make(K.NotParent, 2);
                return Make(K.Not, 1);
            case '&':
                if (At(1, '&')) return Make(K.And, 2);
                if (At(1, '>')) return At(2, '>') ? Make(K.UnionDescendant, 3) : Make(K.UnionChild, 2);
                if (At(1, '<')) return At(2, '<') ? Make(K.UnionAncestor, 3) : Make(K.UnionParent, 2);
                if (At(1, '~')) return Make(K.UnionSibling, 2);
                return Fail("unexpected character '&'");
            case '"':
            case '`':
                {
                    var value = ReadString(Fail);
                    return Make(K.String, _pos - start, value);
                }
            case '.':
                {
                    _pos++;
                    var name = ReadAttributeName(Fail);
                    return Make(K.Attribute, _pos - start, name);
                }
        }
        if (char.IsAsciiDigit(c)) return ReadNumber(start, Make, Fail);
        if (char.IsAsciiLetter(c) || c == '_') return ReadIdentifier(start, Make, Fail);
        return Fail($"unexpected character '{c}'");
    }

    private bool At(int ahead, char expected) => _pos + ahead < _text.Length && _text[_pos + ahead] == expected;

    private delegate TraceQLToken MakeToken(K kind, int length, string value = "", AttributeScope scope = AttributeScope.None);

    private TraceQLToken ReadIdentifier(int start, MakeToken make, Func<string, TraceQLToken> fail)
    {
        var end = start;
        while (end < _text.Length && IsIdentifierChar(_text[end])) end++;
        var word = _text[start..end];
        // `span:id`, `trace:rootService`: the colon joins two words into one intrinsic name.
        if (end + 1 < _text.Length && _text[end] == ':' && char.IsAsciiLetter(_text[end + 1]))
        {
            end++;
            while (end < _text.Length && IsIdentifierChar(_text[end])) end++;
            return make(K.Identifier, end - start);
        }
        var scope = ScopeOf(word);
        if (scope != AttributeScope.None && end < _text.Length && _text[end] == '.')
        {
            _pos = end + 1;
            var name = ReadAttributeName(fail);
            return make(K.Attribute, _pos - start, name, scope);
        }
        return make(K.Identifier, end - start);
    }

    private static AttributeScope ScopeOf(string word) => word switch
    {
        "span" => AttributeScope.Span,
        "resource" => AttributeScope.Resource,
        "event" => AttributeScope.Event,
        "link" => AttributeScope.Link,
        "instrumentation" => AttributeScope.Instrumentation,
        _ => AttributeScope.None,
    };

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Tempo's attribute names run until whitespace or a character that starts an operator or delimiter.</summary>
    public static bool IsAttributeChar(char c) => !char.IsWhiteSpace(c) && c is not ('{' or '}' or '(' or ')' or '=' or '~' or '!' or '<' or '>' or '&' or '|' or '^' or ',' or '"' or '`');

    private string ReadAttributeName(Func<string, TraceQLToken> fail)
    {
        if (_pos < _text.Length && _text[_pos] is '"' or '`') return ReadString(fail);
        var start = _pos;
        while (_pos < _text.Length && IsAttributeChar(_text[_pos])) _pos++;
        if (_pos == start) fail("expected an attribute name after '.'");
        return _text[start.._pos];
    }

    private TraceQLToken ReadNumber(int start, MakeToken make, Func<string, TraceQLToken> fail)
    {
        var end = start;
        while (end < _text.Length && char.IsAsciiDigit(_text[end])) end++;
        var isFloat = false;
        if (end + 1 < _text.Length && _text[end] == '.' && char.IsAsciiDigit(_text[end + 1]))
        {
            isFloat = true;
            end++;
            while (end < _text.Length && char.IsAsciiDigit(_text[end])) end++;
        }
        if (end < _text.Length && _text[end] is 'e' or 'E')
        {
            var digits = end + 1 < _text.Length && _text[end + 1] is '+' or '-' ? end + 2 : end + 1;
            if (digits < _text.Length && char.IsAsciiDigit(_text[digits]))
            {
                isFloat = true;
                end = digits;
                while (end < _text.Length && char.IsAsciiDigit(_text[end])) end++;
            }
        }
        if (end < _text.Length && (char.IsLetter(_text[end]) || _text[end] == '_'))
        {
            // A unit follows: the whole run of digits, dots and letters is one duration (`1h30m`, `1.5s`).
            while (end < _text.Length && (char.IsLetterOrDigit(_text[end]) || _text[end] == '.')) end++;
            if (!TraceQLDuration.TryParse(_text.AsSpan(start, end - start), out _)) return fail($"invalid duration '{_text[start..end]}'");
            return make(K.Duration, end - start);
        }
        var text = _text.AsSpan(start, end - start);
        if (isFloat)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                return fail($"number '{text}' is out of range");
            return make(K.Float, end - start);
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return fail($"integer '{text}' is out of range");
        return make(K.Integer, end - start);
    }

    private string ReadString(Func<string, TraceQLToken> fail)
    {
        var quote = _text[_pos++];
        var value = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) fail("unterminated string");
            var c = _text[_pos++];
            if (c == quote) return value.ToString();
            if (c == '\n' && quote == '"') fail("newline in string");
            if (c != '\\' || quote == '`')
            {
                if (c == '\n') NewLine();
                value.Append(c);
                continue;
            }
            if (_pos >= _text.Length) fail("unterminated string");
            var escape = _text[_pos++];
            switch (escape)
            {
                case 'a': value.Append('\a'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'v': value.Append('\v'); break;
                case '\\': value.Append('\\'); break;
                case '"': value.Append('"'); break;
                case '\'': value.Append('\''); break;
                case 'x': value.Append((char)ReadHex(2, fail)); break;
                case 'u': value.Append((char)ReadHex(4, fail)); break;
                case 'U':
                    {
                        var code = ReadHex(8, fail);
                        if (code < 0 || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF) fail("invalid unicode escape in string");
                        value.Append(char.ConvertFromUtf32(code));
                        break;
                    }
                default: fail($"unknown escape '\\{escape}' in string"); break;
            }
        }
    }

    private int ReadHex(int digits, Func<string, TraceQLToken> fail)
    {
        if (_pos + digits > _text.Length || !int.TryParse(_text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            fail("invalid escape in string");
            return 0;
        }
        _pos += digits;
        return code;
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            if (_text[_pos] == '\n') NewLineAt(_pos);
            _pos++;
        }
    }

    private void NewLine() => NewLineAt(_pos - 1);

    private void NewLineAt(int newlineOffset)
    {
        _line++;
        _lineStart = newlineOffset + 1;
    }
}
