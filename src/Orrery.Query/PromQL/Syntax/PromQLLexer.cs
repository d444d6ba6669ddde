namespace Orrery.Query.PromQL.Syntax;

/// <summary>
/// Splits a query into tokens with the states of Prometheus 2.42's lexer: inside braces
/// keywords are plain identifiers; after <c>[</c> a duration must follow; <c>inf</c> and
/// <c>nan</c> are numbers. The first lexical error ends the token list with an
/// <see cref="PromTokenKind.Error"/> token, reported only when the parser reaches it (as
/// Prometheus's lazily pulled lexer does).
/// </summary>
internal sealed class PromQLLexer
{
    private const int EndOfInput = -1;

    private enum Mode : byte
    {
        Statements,
        InsideBraces,
        Duration,
    }

    private readonly string _input;
    private readonly List<PromToken> _tokens = [];
    private int _pos;
    private int _start;
    private int _width;
    private Mode _mode;
    private int _parenDepth;
    private bool _bracketOpen;
    private bool _gotColon;
    private char _stringOpen;

    private PromQLLexer(string input) => _input = input;

    /// <summary>The message of the trailing error token, if lexing stopped at one.</summary>
    public string? ErrorMessage { get; private set; }

    /// <summary>Tokens up to and including <see cref="PromTokenKind.Eof"/> or <see cref="PromTokenKind.Error"/>.</summary>
    public static List<PromToken> Tokenize(string input, out string? errorMessage)
    {
        var lexer = new PromQLLexer(input);
        lexer.Run();
        errorMessage = lexer.ErrorMessage;
        return lexer._tokens;
    }

    private void Run()
    {
        while (true)
        {
            var done = _mode switch
            {
                Mode.InsideBraces => LexInsideBraces(),
                Mode.Duration => LexDuration(),
                _ => LexStatements(),
            };
            if (done) return;
        }
    }

    // Each Lex* step returns true once lexing is over (end of input or an error).
    private bool LexStatements()
    {
        if (Peek() == '#') return SkipLineComment();
        var r = Next();
        switch (r)
        {
            case EndOfInput:
                if (_parenDepth != 0) return Error("unclosed left parenthesis");
                if (_bracketOpen) return Error("unclosed left bracket");
                Emit(PromTokenKind.Eof);
                return true;
            case ',': Emit(PromTokenKind.Comma); return false;
            case ' ' or '\t' or '\n' or '\r': SkipSpaces(); return false;
            case '*': Emit(PromTokenKind.Mul); return false;
            case '/': Emit(PromTokenKind.Div); return false;
            case '%': Emit(PromTokenKind.Mod); return false;
            case '+': Emit(PromTokenKind.Add); return false;
            case '-': Emit(PromTokenKind.Sub); return false;
            case '^': Emit(PromTokenKind.Pow); return false;
            case '@': Emit(PromTokenKind.At); return false;
            case '=':
                {
                    var t = Peek();
                    if (t == '=')
                    {
                        Next();
                        Emit(PromTokenKind.Eqlc);
                        return false;
                    }
                    if (t == '~') return Error("unexpected character after '=': " + GoText.QuoteRune(t));
                    Emit(PromTokenKind.Eql);
                    return false;
                }
            case '!':
                {
                    var t = Next();
                    if (t != '=') return Error("unexpected character after '!': " + GoText.QuoteRune(t));
                    Emit(PromTokenKind.Neq);
                    return false;
                }
            case '<':
                if (Peek() == '=')
                {
                    Next();
                    Emit(PromTokenKind.Lte);
                }
                else
                {
                    Emit(PromTokenKind.Lss);
                }
                return false;
            case '>':
                if (Peek() == '=')
                {
                    Next();
                    Emit(PromTokenKind.Gte);
                }
                else
                {
                    Emit(PromTokenKind.Gtr);
                }
                return false;
            case '"' or '\'':
                _stringOpen = (char)r;
                return LexString();
            case '`':
                return LexRawString();
            case '(':
                Emit(PromTokenKind.LeftParen);
                _parenDepth++;
                return false;
            case ')':
                Emit(PromTokenKind.RightParen);
                if (--_parenDepth < 0)
                {
                    // Prometheus replaces the ")" it just emitted with the error.
                    _tokens.RemoveAt(_tokens.Count - 1);
                    return Error("unexpected right parenthesis ')'");
                }
                return false;
            case '{':
                Emit(PromTokenKind.LeftBrace);
                _mode = Mode.InsideBraces;
                return false;
            case '[':
                if (_bracketOpen) return Error("unexpected left bracket '['");
                _gotColon = false;
                Emit(PromTokenKind.LeftBracket);
                SkipSpaces();
                _bracketOpen = true;
                _mode = Mode.Duration;
                return false;
            case ']':
                if (!_bracketOpen) return Error("unexpected right bracket ']'");
                Emit(PromTokenKind.RightBracket);
                _bracketOpen = false;
                return false;
        }

        if (IsDigit(r) || (r == '.' && IsDigit(Peek())))
        {
            Backup();
            return LexNumberOrDuration();
        }
        if (IsAlpha(r) || r == ':')
        {
            if (!_bracketOpen)
            {
                Backup();
                LexKeywordOrIdentifier();
                return false;
            }
            // Inside brackets any word character is taken for the subquery colon, as in Prometheus.
            if (_gotColon) return Error("unexpected colon " + GoText.QuoteRune(r));
            Emit(PromTokenKind.Colon);
            _gotColon = true;
            return false;
        }
        return Error("unexpected character: " + GoText.QuoteRune(r));
    }

    private bool LexInsideBraces()
    {
        if (Peek() == '#') return SkipLineComment();
        var r = Next();
        switch (r)
        {
            case EndOfInput: return Error("unexpected end of input inside braces");
            case ' ' or '\t' or '\n' or '\r': SkipSpaces(); return false;
            case ',': Emit(PromTokenKind.Comma); return false;
            case '"' or '\'':
                _stringOpen = (char)r;
                return LexString();
            case '`':
                return LexRawString();
            case '=':
                if (Next() == '~')
                {
                    Emit(PromTokenKind.EqlRegex);
                    return false;
                }
                Backup();
                Emit(PromTokenKind.Eql);
                return false;
            case '!':
                {
                    var nr = Next();
                    if (nr == '~') Emit(PromTokenKind.NeqRegex);
                    else if (nr == '=') Emit(PromTokenKind.Neq);
                    else return Error("unexpected character after '!' inside braces: " + GoText.QuoteRune(nr));
                    return false;
                }
            case '{': return Error("unexpected left brace '{'");
            case '}':
                Emit(PromTokenKind.RightBrace);
                _mode = Mode.Statements;
                return false;
        }
        if (IsAlpha(r))
        {
            while (IsAlphaNumeric(Next()))
            {
            }
            Backup();
            Emit(PromTokenKind.Identifier);
            return false;
        }
        return Error("unexpected character inside braces: " + GoText.QuoteRune(r));
    }

    private bool LexDuration()
    {
        _mode = Mode.Statements;
        if (ScanNumber()) return Error("missing unit character in duration");
        if (!AcceptRemainingDuration()) return Error("bad duration syntax: " + GoText.Quote(_input.AsSpan(_start, _pos - _start)));
        Backup();
        Emit(PromTokenKind.Duration);
        return false;
    }

    private bool LexNumberOrDuration()
    {
        if (ScanNumber())
        {
            Emit(PromTokenKind.Number);
            return false;
        }
        if (AcceptRemainingDuration())
        {
            Backup();
            Emit(PromTokenKind.Duration);
            return false;
        }
        return Error("bad number or duration syntax: " + GoText.Quote(_input.AsSpan(_start, _pos - _start)));
    }

    // Accepts the unit letters and further number-unit pairs of a duration whose leading
    // digits were consumed; the units' order is checked later by the duration parser.
    private bool AcceptRemainingDuration()
    {
        if (!Accept("smhdwy")) return false;
        Accept("s");
        while (Accept("0123456789"))
        {
            while (Accept("0123456789"))
            {
            }
            if (!Accept("smhdw")) return false;
            Accept("s");
        }
        return !IsAlphaNumeric(Next());
    }

    // Scans a decimal, hex or float number; false when a letter follows (maybe a duration).
    private bool ScanNumber()
    {
        var digits = "0123456789";
        if (Accept("0") && Accept("xX")) digits = "0123456789abcdefABCDEF";
        AcceptRun(digits);
        if (Accept(".")) AcceptRun(digits);
        if (Accept("eE"))
        {
            Accept("+-");
            AcceptRun("0123456789");
        }
        return !IsAlphaNumeric(Peek());
    }

    private void LexKeywordOrIdentifier()
    {
        int r;
        do
        {
            r = Next();
        }
        while (IsAlphaNumeric(r) || r == ':');
        Backup();
        var word = _input.AsSpan(_start, _pos - _start);
        if (PromTokenKinds.TryGetKeyword(word, out var keyword)) Emit(keyword);
        else Emit(word.Contains(':') ? PromTokenKind.MetricIdentifier : PromTokenKind.Identifier);
    }

    private bool LexString()
    {
        while (true)
        {
            var r = Next();
            if (r == '\\')
            {
                if (!LexEscape()) return true;
                continue;
            }
            if (r == 0xFFFD) return Error("invalid UTF-8 rune");
            if (r is EndOfInput or '\n') return Error("unterminated quoted string");
            if (r == _stringOpen) break;
        }
        Emit(PromTokenKind.String);
        return false;
    }

    private bool LexRawString()
    {
        while (true)
        {
            var r = Next();
            if (r == 0xFFFD) return Error("invalid UTF-8 rune");
            if (r == EndOfInput) return Error("unterminated raw string");
            if (r == '`') break;
        }
        Emit(PromTokenKind.String);
        return false;
    }

    // Validates one escape sequence after a backslash; false (with the error emitted) when invalid.
    private bool LexEscape()
    {
        int n, radix, max;
        var ch = Next();
        switch (ch)
        {
            case 'a' or 'b' or 'f' or 'n' or 'r' or 't' or 'v' or '\\':
                return true;
            case >= '0' and <= '7':
                (n, radix, max) = (3, 8, 255);
                break;
            case 'x':
                ch = Next();
                (n, radix, max) = (2, 16, 255);
                break;
            case 'u':
                ch = Next();
                (n, radix, max) = (4, 16, 0x10FFFF);
                break;
            case 'U':
                ch = Next();
                (n, radix, max) = (8, 16, 0x10FFFF);
                break;
            case EndOfInput:
                return !Error("escape sequence not terminated");
            default:
                if (ch == _stringOpen) return true;
                return !Error("unknown escape sequence " + GoText.UnicodeFormat(ch));
        }

        long x = 0;
        while (n > 0)
        {
            var d = GoText.HexValue(ch);
            if (d >= radix)
            {
                if (ch == EndOfInput) return !Error("escape sequence not terminated");
                return !Error("illegal character " + GoText.UnicodeFormat(ch) + " in escape sequence");
            }
            x = (x * radix) + d;
            if (--n > 0) ch = Next();
        }
        if (x > max || x is >= 0xD800 and < 0xE000) return !Error("escape sequence is an invalid Unicode code point");
        return true;
    }

    private bool SkipLineComment()
    {
        _pos++;
        int r;
        do
        {
            r = Next();
        }
        while (r is not ('\r' or '\n' or EndOfInput));
        Backup();
        _start = _pos;
        return false;
    }

    private void SkipSpaces()
    {
        while (Peek() is ' ' or '\t' or '\n' or '\r') Next();
        _start = _pos;
    }

    private int Next()
    {
        if (_pos >= _input.Length)
        {
            _width = 0;
            return EndOfInput;
        }
        var index = _pos;
        var rune = GoText.ReadRune(_input, ref index);
        _width = index - _pos;
        _pos = index;
        return rune;
    }

    private int Peek()
    {
        var r = Next();
        Backup();
        return r;
    }

    private void Backup() => _pos -= _width;

    private bool Accept(string valid)
    {
        var r = Next();
        if (r >= 0 && r < 0x10000 && valid.Contains((char)r)) return true;
        Backup();
        return false;
    }

    private void AcceptRun(string valid)
    {
        while (Accept(valid))
        {
        }
    }

    private void Emit(PromTokenKind kind)
    {
        _tokens.Add(new PromToken(kind, _start, _pos - _start));
        _start = _pos;
    }

    // Always returns true so callers can "return Error(...)" to stop lexing.
    private bool Error(string message)
    {
        ErrorMessage = message;
        _tokens.Add(new PromToken(PromTokenKind.Error, _start, _input.Length - _start));
        return true;
    }

    private static bool IsDigit(int r) => r is >= '0' and <= '9';

    private static bool IsAlpha(int r) => r == '_' || r is >= 'a' and <= 'z' || r is >= 'A' and <= 'Z';

    private static bool IsAlphaNumeric(int r) => IsAlpha(r) || IsDigit(r);

    public static bool IsLabelName(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || !IsAlpha(s[0])) return false;
        foreach (var c in s[1..])
        {
            if (!IsAlphaNumeric(c)) return false;
        }
        return true;
    }
}
