namespace Orrery.Query.LogQL.Syntax;

public enum TokenKind
{
    End,
    Identifier,
    String,
    Number,
    Duration,
    Bytes,
    LeftBrace,
    RightBrace,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Pipe,
    /// <summary><c>|=</c></summary>
    PipeExact,
    /// <summary><c>|~</c></summary>
    PipeMatch,
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>==</c></summary>
    EqualEqual,
    NotEqual,
    Regex,
    NotRegex,
    Greater,
    GreaterEqual,
    Less,
    LessEqual,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Caret,
}

/// <summary>A token and where it starts (0-based offset; line and column are 1-based, as Loki reports them).</summary>
public readonly record struct Token(TokenKind Kind, string Text, int Offset, int Line, int Column)
{
    /// <summary>How a parse error names the token, in the style of Loki's yacc messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.Identifier => $"IDENTIFIER \"{Text}\"",
        TokenKind.String => $"STRING {Text}",
        TokenKind.Number => $"NUMBER {Text}",
        TokenKind.Duration => $"DURATION {Text}",
        TokenKind.Bytes => $"BYTES {Text}",
        _ => $"\"{Text}\"",
    };
}
