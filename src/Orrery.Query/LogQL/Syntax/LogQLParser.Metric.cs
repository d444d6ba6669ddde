using System.Globalization;

namespace Orrery.Query.LogQL.Syntax;

public sealed partial class LogQLParser
{
    public static readonly IReadOnlySet<string> RangeOps = new HashSet<string>(StringComparer.Ordinal)
    {
        "count_over_time", "rate", "bytes_over_time", "bytes_rate", "absent_over_time", "sum_over_time", "avg_over_time",
        "min_over_time", "max_over_time", "stddev_over_time", "stdvar_over_time", "quantile_over_time", "first_over_time", "last_over_time",
        "rate_counter",
    };

    /// <summary>Range aggregations that read an unwrapped value rather than counting lines.</summary>
    private static readonly HashSet<string> UnwrapOps = new(StringComparer.Ordinal)
    {
        "sum_over_time", "avg_over_time", "min_over_time", "max_over_time", "stddev_over_time", "stdvar_over_time",
        "quantile_over_time", "first_over_time", "last_over_time", "rate_counter",
    };

    public static readonly IReadOnlySet<string> VectorOps = new HashSet<string>(StringComparer.Ordinal)
    {
        "sum", "avg", "min", "max", "count", "stddev", "stdvar", "topk", "bottomk", "sort", "sort_desc",
    };

    // Binary operators by precedence, lowest first (as PromQL and LogQL define them).
    private LogQLExpr ParseOr()
    {
        var left = ParseAnd();
        while (AtKeyword("or"))
        {
            var op = Advance();
            left = Binary(op, "or", left, ParseAnd);
        }
        return left;
    }

    private LogQLExpr ParseAnd()
    {
        var left = ParseComparison();
        while (AtKeyword("and") || AtKeyword("unless"))
        {
            var op = Advance();
            left = Binary(op, op.Text, left, ParseComparison);
        }
        return left;
    }

    private LogQLExpr ParseComparison()
    {
        var left = ParseAdditive();
        while (Current.Kind is TokenKind.EqualEqual or TokenKind.NotEqual or TokenKind.Greater or TokenKind.GreaterEqual or TokenKind.Less or TokenKind.LessEqual)
        {
            var op = Advance();
            left = Binary(op, op.Text, left, ParseAdditive);
        }
        return left;
    }

    private LogQLExpr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            left = Binary(op, op.Text, left, ParseMultiplicative);
        }
        return left;
    }

    private LogQLExpr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            left = Binary(op, op.Text, left, ParseUnary);
        }
        return left;
    }

    private LogQLExpr ParseUnary()
    {
        if (At(TokenKind.Minus) || At(TokenKind.Plus))
        {
            var sign = Advance();
            var operand = ParseUnary();
            if (sign.Kind == TokenKind.Plus) return operand;
            if (operand is LiteralExpr literal) return new LiteralExpr(-literal.Value);
            return new BinaryOpExpr("*", new LiteralExpr(-1), AsMetric(operand, sign), false, null);
        }
        return ParsePower();
    }

    private LogQLExpr ParsePower()
    {
        var left = ParsePrimary();
        if (At(TokenKind.Caret))
        {
            var op = Advance();
            return Binary(op, "^", left, ParseUnary); // right-associative
        }
        return left;
    }

    /// <summary>Parses the modifiers after an operator (<c>bool</c>, <c>on</c>/<c>ignoring</c>, <c>group_left</c>/<c>group_right</c>), then builds the node.</summary>
    private LogQLExpr Binary(Token opToken, string op, LogQLExpr left, Func<LogQLExpr> parseRight)
    {
        var returnBool = AcceptKeyword("bool");
        VectorMatching? matching = null;
        if (AtKeyword("on") || AtKeyword("ignoring"))
        {
            var on = Advance().Text == "on";
            var labels = ParseLabelList();
            string? side = null;
            var include = EquatableList<string>.Empty;
            if (AtKeyword("group_left") || AtKeyword("group_right"))
            {
                side = Advance().Text;
                if (At(TokenKind.LeftParen)) include = ParseLabelList();
            }
            matching = new VectorMatching(on, labels, side, include);
        }
        return BuildBinary(opToken, op, left, parseRight(), returnBool, matching);
    }

    private static LogQLExpr BuildBinary(Token opToken, string op, LogQLExpr left, LogQLExpr right, bool returnBool, VectorMatching? matching)
    {
        var l = AsMetric(left, opToken);
        var r = AsMetric(right, opToken);
        if (op is "and" or "or" or "unless" && (l is LiteralExpr || r is LiteralExpr))
            throw ErrorAt(opToken, $"set operator \"{op}\" not allowed in binary scalar expression");
        if (returnBool && !IsComparisonOp(op)) throw ErrorAt(opToken, "bool modifier can only be used on comparison operators");
        // Constant folding keeps literal arithmetic a literal, as Loki does.
        if (l is LiteralExpr a && r is LiteralExpr b && !IsComparisonOp(op)) return new LiteralExpr(Evaluate(op, a.Value, b.Value));
        return new BinaryOpExpr(op, l, r, returnBool, matching);
    }

    private static bool IsComparisonOp(string op) => op is "==" or "!=" or ">" or ">=" or "<" or "<=";

    internal static double Evaluate(string op, double a, double b) => op switch
    {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" => a / b,
        "%" => a % b,
        "^" => Math.Pow(a, b),
        "==" => a == b ? 1 : 0,
        "!=" => a != b ? 1 : 0,
        ">" => a > b ? 1 : 0,
        ">=" => a >= b ? 1 : 0,
        "<" => a < b ? 1 : 0,
        "<=" => a <= b ? 1 : 0,
        _ => double.NaN,
    };

    private static MetricExpr AsMetric(LogQLExpr expr, Token at) => expr as MetricExpr
        ?? throw ErrorAt(at, "syntax error: a log query cannot be an operand of a binary operation");

    private LogQLExpr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new LiteralExpr(double.Parse(token.Text, CultureInfo.InvariantCulture));
            case TokenKind.LeftBrace:
                return ParseLogSelector(allowUnwrap: false, out _);
            case TokenKind.LeftParen:
                Advance();
                var inner = ParseOr();
                Expect(TokenKind.RightParen, ")");
                return inner;
            case TokenKind.Identifier when token.Text is "inf" or "Inf" or "NaN" or "nan":
                Advance();
                return new LiteralExpr(token.Text.Equals("nan", StringComparison.OrdinalIgnoreCase) ? double.NaN : double.PositiveInfinity);
            case TokenKind.Identifier when RangeOps.Contains(token.Text):
                return ParseRangeAggregation();
            case TokenKind.Identifier when VectorOps.Contains(token.Text):
                return ParseVectorAggregation();
            case TokenKind.Identifier when token.Text == "label_replace" && Peek().Kind == TokenKind.LeftParen:
                return ParseLabelReplace();
            case TokenKind.Identifier when token.Text == "vector":
                Advance();
                Expect(TokenKind.LeftParen, "(");
                var value = ParseSignedNumber();
                Expect(TokenKind.RightParen, ")");
                return new VectorExpr(value);
        }
        throw Unexpected();
    }

    private LabelReplaceExpr ParseLabelReplace()
    {
        Advance();
        Expect(TokenKind.LeftParen, "(");
        var innerToken = Current;
        var inner = ParseOr() as MetricExpr ?? throw ErrorAt(innerToken, "syntax error: label_replace needs a metric query, not a log query");
        Expect(TokenKind.Comma, ",");
        var destination = Expect(TokenKind.String, "STRING");
        Expect(TokenKind.Comma, ",");
        var replacement = Expect(TokenKind.String, "STRING").Text;
        Expect(TokenKind.Comma, ",");
        var source = Expect(TokenKind.String, "STRING").Text;
        Expect(TokenKind.Comma, ",");
        var regex = Expect(TokenKind.String, "STRING");
        Expect(TokenKind.RightParen, ")");
        if (!IsLabelName(destination.Text)) throw ErrorAt(destination, $"invalid destination label name in label_replace(): {destination.Text}");
        try
        {
            Pipeline.RegexFactory.Create(regex.Text, anchored: true);
        }
        catch (ArgumentException e)
        {
            throw ErrorAt(regex, $"invalid regular expression in label_replace(): {regex.Text}: {e.Message}");
        }
        return new LabelReplaceExpr(inner, destination.Text, replacement, source, regex.Text);
    }

    private static bool IsLabelName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private double ParseSignedNumber()
    {
        var negative = Accept(TokenKind.Minus);
        var number = Expect(TokenKind.Number, "NUMBER");
        var value = double.Parse(number.Text, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    private RangeAggregationExpr ParseRangeAggregation()
    {
        var opToken = Advance();
        Expect(TokenKind.LeftParen, "(");
        double? parameter = null;
        if (opToken.Text == "quantile_over_time")
        {
            parameter = ParseSignedNumber();
            Expect(TokenKind.Comma, ",");
        }
        var range = ParseLogRange();
        Expect(TokenKind.RightParen, ")");
        var grouping = ParseOptionalGrouping();
        var needsUnwrap = UnwrapOps.Contains(opToken.Text);
        if (needsUnwrap && range.Unwrap is null) throw ErrorAt(opToken, $"invalid aggregation {opToken.Text} without unwrap");
        if (!needsUnwrap && opToken.Text != "rate" && range.Unwrap is not null) throw ErrorAt(opToken, $"invalid aggregation {opToken.Text} with unwrap");
        if (grouping is not null && (range.Unwrap is null || opToken.Text == "rate_counter"))
            throw ErrorAt(opToken, $"grouping not allowed for {opToken.Text} aggregation");
        ValidateSelector(range.Selector, opToken);
        return new RangeAggregationExpr(opToken.Text, range, parameter, grouping);
    }

    private LogRangeExpr ParseLogRange()
    {
        LogSelectorExpr selector;
        UnwrapExpr? unwrap;
        if (Accept(TokenKind.LeftParen))
        {
            selector = ParseLogSelector(allowUnwrap: true, out unwrap);
            Expect(TokenKind.RightParen, ")");
        }
        else selector = ParseLogSelector(allowUnwrap: true, out unwrap);
        Expect(TokenKind.LeftBracket, "[");
        var range = ParseDuration();
        Expect(TokenKind.RightBracket, "]");
        if (unwrap is null && selector.Stages.Count == 0 && (At(TokenKind.Pipe) || At(TokenKind.PipeExact) || At(TokenKind.PipeMatch) || At(TokenKind.NotEqual) || At(TokenKind.NotRegex)))
        {
            // Loki also accepts the range before the pipeline: {app="a"}[5m] | json.
            var tail = ParseLogSelectorTail(selector, out unwrap);
            selector = tail;
        }
        long offset = 0;
        if (AcceptKeyword("offset")) offset = ParseDuration();
        if (range <= 0) throw ErrorAt(Current, "range must be positive");
        return new LogRangeExpr(selector, range, unwrap, offset);
    }

    private LogSelectorExpr ParseLogSelectorTail(LogSelectorExpr selector, out UnwrapExpr? unwrap)
    {
        // Re-use the selector parser by parsing a pipeline against an empty selector shell.
        var stages = new List<PipelineStage>();
        unwrap = null;
        while (true)
        {
            if (At(TokenKind.PipeExact) || At(TokenKind.PipeMatch) || At(TokenKind.NotEqual) || At(TokenKind.NotRegex))
            {
                stages.Add(ParseLineFilter());
                continue;
            }
            if (!At(TokenKind.Pipe)) break;
            if (Peek().Kind == TokenKind.Identifier && Peek().Text == "unwrap" && !IsComparison(Peek(2).Kind))
            {
                Advance();
                unwrap = ParseUnwrap();
                break;
            }
            Advance();
            stages.Add(ParseStage());
        }
        return selector with { Stages = new EquatableList<PipelineStage>(stages) };
    }

    private long ParseDuration()
    {
        var token = Current;
        if (token.Kind != TokenKind.Duration) throw Unexpected("DURATION");
        Advance();
        GoDuration.TryParse(token.Text, out var nanos, out _);
        return nanos;
    }

    private Grouping? ParseOptionalGrouping()
    {
        if (!AtKeyword("by") && !AtKeyword("without")) return null;
        var without = Advance().Text == "without";
        return new Grouping(without, ParseLabelList());
    }

    private EquatableList<string> ParseLabelList()
    {
        Expect(TokenKind.LeftParen, "(");
        var labels = new List<string>();
        while (!At(TokenKind.RightParen))
        {
            if (labels.Count > 0) Expect(TokenKind.Comma, "\",\" or \")\"");
            labels.Add(Expect(TokenKind.Identifier, "IDENTIFIER").Text);
        }
        Advance();
        return new EquatableList<string>(labels);
    }

    private VectorAggregationExpr ParseVectorAggregation()
    {
        var opToken = Advance();
        var grouping = ParseOptionalGrouping();
        Expect(TokenKind.LeftParen, "(");
        double? parameter = null;
        if (opToken.Text is "topk" or "bottomk")
        {
            var k = Expect(TokenKind.Number, "NUMBER");
            parameter = double.Parse(k.Text, CultureInfo.InvariantCulture);
            if (parameter <= 0 || parameter != Math.Floor(parameter.Value)) throw ErrorAt(k, $"invalid parameter for {opToken.Text}: {k.Text} must be a positive integer");
            Expect(TokenKind.Comma, ",");
        }
        var innerToken = Current;
        var inner = ParseOr();
        Expect(TokenKind.RightParen, ")");
        grouping ??= ParseOptionalGrouping();
        if (inner is not MetricExpr metric) throw ErrorAt(innerToken, $"syntax error: {opToken.Text} needs a metric query, not a log query");
        if (opToken.Text is "sort" or "sort_desc" && grouping is not null) throw ErrorAt(opToken, $"{opToken.Text} does not take a grouping");
        return new VectorAggregationExpr(opToken.Text, metric, parameter, grouping);
    }
}
