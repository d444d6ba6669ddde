namespace Orrery.Query.TraceQL.Syntax;

public enum TraceQLTokenKind
{
    End,
    Identifier,
    Attribute,
    String,
    Integer,
    Float,
    Duration,
    LeftBrace,
    RightBrace,
    LeftParen,
    RightParen,
    Comma,
    Pipe,
    Equal,
    NotEqual,
    Greater,
    GreaterEqual,
    Less,
    LessEqual,
    Regex,
    /// <summary><c>!~</c>: "does not match" between fields, "not a sibling" between spansets.</summary>
    NotRegex,
    And,
    Or,
    Not,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Caret,
    Descendant,
    Ancestor,
    Tilde,
    NotChild,
    NotDescendant,
    NotParent,
    NotAncestor,
    UnionChild,
    UnionDescendant,
    UnionParent,
    UnionAncestor,
    UnionSibling,
}

/// <summary>
/// A token and where it starts (0-based offset; 1-based line and column). <see cref="Value"/> is the
/// decoded string for strings and the attribute name for attributes; <see cref="Scope"/> is set for attributes.
/// </summary>
public readonly record struct TraceQLToken(
    TraceQLTokenKind Kind, string Text, int Offset, int Line, int Column, string Value = "", AttributeScope Scope = AttributeScope.None)
{
    public string Describe() => Kind switch
    {
        TraceQLTokenKind.End => "end of input",
        TraceQLTokenKind.Identifier => $"identifier '{Text}'",
        TraceQLTokenKind.Attribute => $"attribute {Text}",
        TraceQLTokenKind.String => $"string {Text}",
        TraceQLTokenKind.Integer => $"integer {Text}",
        TraceQLTokenKind.Float => $"float {Text}",
        TraceQLTokenKind.Duration => $"duration {Text}",
        _ => $"'{Text}'",
    };
}
