namespace Orrery.Query.PromQL.Syntax;

/// <summary>
/// The lexical items of PromQL, grouped as Prometheus groups them (operators, aggregators,
/// keywords, preprocessors) because error messages describe each group differently.
/// </summary>
internal enum PromTokenKind : byte
{
    Eof,
    Error,
    Identifier,
    MetricIdentifier,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Eql,
    Colon,
    String,
    Number,
    Duration,

    // Operators.
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Eqlc,
    Neq,
    Lte,
    Lss,
    Gte,
    Gtr,
    EqlRegex,
    NeqRegex,
    At,
    And,
    Or,
    Unless,
    Atan2,

    // Aggregators.
    Avg,
    BottomK,
    Count,
    CountValues,
    Group,
    Max,
    Min,
    Quantile,
    Stddev,
    Stdvar,
    Sum,
    TopK,

    // Keywords.
    Bool,
    By,
    GroupLeft,
    GroupRight,
    Ignoring,
    Offset,
    On,
    Without,

    // Preprocessors of the @ modifier.
    Start,
    End,
}

internal static class PromTokenKinds
{
    public static bool IsOperator(this PromTokenKind kind) => kind is >= PromTokenKind.Add and <= PromTokenKind.Atan2;

    public static bool IsAggregator(this PromTokenKind kind) => kind is >= PromTokenKind.Avg and <= PromTokenKind.TopK;

    public static bool IsKeyword(this PromTokenKind kind) => kind is >= PromTokenKind.Bool and <= PromTokenKind.Without;

    /// <summary>Words the lexer turns into keywords (case-insensitively, like Prometheus); <c>inf</c> and <c>nan</c> are numbers.</summary>
    public static bool TryGetKeyword(ReadOnlySpan<char> word, out PromTokenKind kind)
    {
        Span<char> lower = stackalloc char[12];
        kind = PromTokenKind.Eof;
        if (word.Length > lower.Length) return false;
        for (var i = 0; i < word.Length; i++) lower[i] = char.ToLowerInvariant(word[i]);
        kind = lower[..word.Length] switch
        {
            "and" => PromTokenKind.And,
            "or" => PromTokenKind.Or,
            "unless" => PromTokenKind.Unless,
            "atan2" => PromTokenKind.Atan2,
            "sum" => PromTokenKind.Sum,
            "avg" => PromTokenKind.Avg,
            "count" => PromTokenKind.Count,
            "min" => PromTokenKind.Min,
            "max" => PromTokenKind.Max,
            "group" => PromTokenKind.Group,
            "stddev" => PromTokenKind.Stddev,
            "stdvar" => PromTokenKind.Stdvar,
            "topk" => PromTokenKind.TopK,
            "bottomk" => PromTokenKind.BottomK,
            "count_values" => PromTokenKind.CountValues,
            "quantile" => PromTokenKind.Quantile,
            "offset" => PromTokenKind.Offset,
            "by" => PromTokenKind.By,
            "without" => PromTokenKind.Without,
            "on" => PromTokenKind.On,
            "ignoring" => PromTokenKind.Ignoring,
            "group_left" => PromTokenKind.GroupLeft,
            "group_right" => PromTokenKind.GroupRight,
            "bool" => PromTokenKind.Bool,
            "start" => PromTokenKind.Start,
            "end" => PromTokenKind.End,
            "inf" or "nan" => PromTokenKind.Number,
            _ => PromTokenKind.Eof,
        };
        return kind != PromTokenKind.Eof;
    }

    /// <summary>Prometheus's binary operator precedence (higher binds tighter); 0 for other tokens.</summary>
    public static int BinaryPrecedence(this PromTokenKind kind) => kind switch
    {
        PromTokenKind.Or => 1,
        PromTokenKind.And or PromTokenKind.Unless => 2,
        PromTokenKind.Eqlc or PromTokenKind.Neq or PromTokenKind.Lte or PromTokenKind.Lss or PromTokenKind.Gte or PromTokenKind.Gtr => 3,
        PromTokenKind.Add or PromTokenKind.Sub => 4,
        PromTokenKind.Mul or PromTokenKind.Div or PromTokenKind.Mod or PromTokenKind.Atan2 => 5,
        PromTokenKind.Pow => 6,
        _ => 0,
    };

    public static BinaryOp ToBinaryOp(this PromTokenKind kind) => kind switch
    {
        PromTokenKind.Add => BinaryOp.Add,
        PromTokenKind.Sub => BinaryOp.Sub,
        PromTokenKind.Mul => BinaryOp.Mul,
        PromTokenKind.Div => BinaryOp.Div,
        PromTokenKind.Mod => BinaryOp.Mod,
        PromTokenKind.Pow => BinaryOp.Pow,
        PromTokenKind.Atan2 => BinaryOp.Atan2,
        PromTokenKind.Eqlc => BinaryOp.Eql,
        PromTokenKind.Neq => BinaryOp.Neq,
        PromTokenKind.Gtr => BinaryOp.Gtr,
        PromTokenKind.Lss => BinaryOp.Lss,
        PromTokenKind.Gte => BinaryOp.Gte,
        PromTokenKind.Lte => BinaryOp.Lte,
        PromTokenKind.And => BinaryOp.And,
        PromTokenKind.Or => BinaryOp.Or,
        PromTokenKind.Unless => BinaryOp.Unless,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a binary operator"),
    };

    public static AggregateOp ToAggregateOp(this PromTokenKind kind) => kind switch
    {
        PromTokenKind.Sum => AggregateOp.Sum,
        PromTokenKind.Avg => AggregateOp.Avg,
        PromTokenKind.Count => AggregateOp.Count,
        PromTokenKind.Min => AggregateOp.Min,
        PromTokenKind.Max => AggregateOp.Max,
        PromTokenKind.Group => AggregateOp.Group,
        PromTokenKind.Stddev => AggregateOp.Stddev,
        PromTokenKind.Stdvar => AggregateOp.Stdvar,
        PromTokenKind.TopK => AggregateOp.TopK,
        PromTokenKind.BottomK => AggregateOp.BottomK,
        PromTokenKind.CountValues => AggregateOp.CountValues,
        PromTokenKind.Quantile => AggregateOp.Quantile,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an aggregator"),
    };
}
