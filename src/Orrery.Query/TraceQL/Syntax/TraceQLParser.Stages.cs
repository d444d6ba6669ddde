using Orrery.Query.LogQL.Syntax;
using K = Orrery.Query.TraceQL.Syntax.TraceQLTokenKind;

namespace Orrery.Query.TraceQL.Syntax;

public sealed partial class TraceQLParser
{
    /// <summary>A pipeline may open with a spanset, a scalar filter, by() or select() (Tempo: <c>count() = 1 | { true }</c>), but not coalesce() or a metrics stage.</summary>
    private PipelineStage ParseFirstStage()
    {
        var token = Current;
        if (token.Kind == K.Identifier && (token.Text is "coalesce" or "topk" or "bottomk" || MetricsFunctionOf(token.Text) is not null))
            throw Error(token, $"a pipeline cannot start with {token.Text}");
        return ParseStage(topLevel: false, metricsSeen: false);
    }

    private PipelineStage ParseStage(bool topLevel, bool metricsSeen)
    {
        var token = Current;
        if (metricsSeen)
        {
            if (IsWord("topk") || IsWord("bottomk")) return ParseSecondStage();
            throw Unexpected("topk or bottomk after a metrics stage");
        }
        if (token.Kind == K.LeftBrace) return ParseSpansetExpression();
        if (token.Kind == K.LeftParen) return ParseParenthesisedStage();
        if (token.Kind == K.Identifier)
        {
            switch (token.Text)
            {
                case "by":
                    return ParseGroup();
                case "coalesce":
                    Advance();
                    Expect(K.LeftParen, "'('");
                    Expect(K.RightParen, "')'");
                    return new CoalesceOperation();
                case "select":
                    Advance();
                    Expect(K.LeftParen, "'('");
                    var fields = ParseFieldList();
                    Expect(K.RightParen, "',' or ')'");
                    return new SelectOperation(fields);
                case "topk" or "bottomk":
                    throw Error(token, $"{token.Text} must follow a metrics stage");
            }
            if (MetricsFunctionOf(token.Text) is { } function)
            {
                if (!topLevel) throw Error(token, "a metrics stage must end the query, not a parenthesised pipeline");
                return ParseMetrics(function);
            }
        }
        return ParseScalarFilter();
    }

    /// <summary>
    /// <c>(</c> opens either a spanset operand (<c>({ a } | count() > 1) &amp;&amp; { b }</c>, <c>(count() > 1)</c>)
    /// or arithmetic (<c>(max(duration) - min(duration)) > 1s</c>). Arithmetic never holds a <c>{</c>, nor a
    /// <c>|</c> or comparison directly inside its parentheses, so one scan decides without backtracking
    /// (trying both would take time exponential in the nesting).
    /// </summary>
    private PipelineStage ParseParenthesisedStage() =>
        ParenthesesHoldSpanset() ? ParseSpansetExpression() : ParseScalarFilter();

    private bool ParenthesesHoldSpanset()
    {
        // `floor` is the shallowest depth the contents have reached: ((count() > 1)) compares at depth 2,
        // while the comparison inside max(.a = 1) sits one level below its contents and does not count.
        var depth = 0;
        var i = _index;
        while (_tokens[i].Kind == K.LeftParen)
        {
            depth++;
            i++;
        }
        var floor = depth;
        for (; i < _tokens.Count; i++)
        {
            var kind = _tokens[i].Kind;
            if (kind == K.LeftParen) depth++;
            else if (kind == K.RightParen)
            {
                if (--depth == 0) return false;
                floor = Math.Min(floor, depth);
            }
            else if (kind is K.LeftBrace or K.End) return kind == K.LeftBrace;
            else if (depth <= floor && (kind == K.Pipe || FieldOperator(kind) is { } op && TraceQLPrinter.Precedence(op) == 3)) return true;
        }
        return false;
    }

    private GroupOperation ParseGroup()
    {
        Advance();
        Expect(K.LeftParen, "'('");
        var start = Current;
        var field = ParseField();
        if (!ReferencesSpan(field)) Throw(start, "by() needs a field of the span, not a constant");
        Expect(K.RightParen, "')'");
        return new GroupOperation(field);
    }

    private EquatableList<FieldExpr> ParseFieldList()
    {
        var fields = new List<FieldExpr> { ParseField() };
        while (Current.Kind == K.Comma)
        {
            Advance();
            fields.Add(ParseField());
        }
        return EquatableList.Of(fields);
    }

    private ScalarFilter ParseScalarFilter()
    {
        var left = ParseScalarLevel(4, "a pipeline stage");
        var token = Current;
        if (FieldOperator(token.Kind) is not { } op || TraceQLPrinter.Precedence(op) != 3 || op is FieldOp.Regex or FieldOp.NotRegex)
            throw Unexpected(left is AggregateExpr or ScalarBinary ? "a comparison (=, !=, >, >=, <, <=)" : "a pipeline stage");
        Advance();
        var right = ParseScalarLevel(4, "a number, duration or aggregate");
        if (TypeRules.CheckBinary(op, left.Type, right.Type, out _) is { } error) Throw(token, error);
        return new ScalarFilter(op, left, right);
    }

    // Arithmetic between aggregates and literals: 4 + -, 5 * / %, 6 ^ (right-associative).
    private ScalarExpr ParseScalarLevel(int level, string what)
    {
        if (level == 6) return ParseScalarPower(what);
        var left = ParseScalarLevel(level + 1, what);
        while (FieldOperator(Current.Kind) is { } op && TraceQLPrinter.Precedence(op) == level)
        {
            var token = Advance();
            CountOperator(token);
            left = MakeScalarBinary(token, op, left, ParseScalarLevel(level + 1, "a number, duration or aggregate"));
        }
        return left;
    }

    private ScalarExpr ParseScalarPower(string what)
    {
        var left = ParseScalarPrimary(what);
        if (Current.Kind != K.Caret) return left;
        var token = Advance();
        CountOperator(token);
        Enter(token);
        var right = ParseScalarPower("a number, duration or aggregate");
        Leave();
        return MakeScalarBinary(token, FieldOp.Power, left, right);
    }

    private static ScalarBinary MakeScalarBinary(TraceQLToken token, FieldOp op, ScalarExpr left, ScalarExpr right)
    {
        if (TypeRules.CheckBinary(op, left.Type, right.Type, out var result) is { } error) Throw(token, error);
        return new ScalarBinary(op, left, right, result);
    }

    private ScalarExpr ParseScalarPrimary(string what)
    {
        var token = Current;
        if (token.Kind == K.LeftParen)
        {
            Advance();
            Enter(token);
            var inner = ParseScalarLevel(4, "a number, duration or aggregate");
            Expect(K.RightParen, "')' or an operator");
            Leave();
            return inner;
        }
        if (token.Kind == K.Minus && Peek(1).Kind is K.Integer or K.Float or K.Duration)
        {
            Advance();
            TryParseStatic(out var positive);
            return new ScalarStatic(Negate(positive));
        }
        if (token.Kind is K.Integer or K.Float or K.Duration && TryParseStatic(out var value)) return new ScalarStatic(value);
        if (token.Kind == K.Identifier && AggregateOf(token.Text) is { } kind)
        {
            Advance();
            Expect(K.LeftParen, "'('");
            FieldExpr? argument = null;
            if (kind != AggregateKind.Count)
            {
                var start = Current;
                argument = ParseField();
                if (TypeRules.CheckAggregateArgument(argument.Type) is { } error) Throw(start, error);
                if (!ReferencesSpan(argument)) Throw(start, $"{token.Text}() needs a field of the span, not a constant");
            }
            Expect(K.RightParen, "')'");
            return new AggregateExpr(kind, argument);
        }
        throw Unexpected(what);
    }

    private static bool ReferencesSpan(FieldExpr expr) => expr switch
    {
        AttributeExpr or IntrinsicExpr => true,
        UnaryFieldExpr unary => ReferencesSpan(unary.Operand),
        BinaryFieldExpr binary => ReferencesSpan(binary.Left) || ReferencesSpan(binary.Right),
        _ => false,
    };

    private static AggregateKind? AggregateOf(string word) => word switch
    {
        "count" => AggregateKind.Count,
        "avg" => AggregateKind.Avg,
        "min" => AggregateKind.Min,
        "max" => AggregateKind.Max,
        "sum" => AggregateKind.Sum,
        _ => null,
    };
}
