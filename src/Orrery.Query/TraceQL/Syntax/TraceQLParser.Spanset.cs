using K = Orrery.Query.TraceQL.Syntax.TraceQLTokenKind;

namespace Orrery.Query.TraceQL.Syntax;

public sealed partial class TraceQLParser
{
    // Spanset precedence: || < && < structural operators; all left-associative, as in Tempo's grammar.
    private SpansetExpr ParseSpansetExpression() => ParseSpansetLevel(1);

    private SpansetExpr ParseSpansetLevel(int level)
    {
        if (level > 3) return ParseSpansetPrimary();
        var left = ParseSpansetLevel(level + 1);
        while (SpansetOperator(Current.Kind) is { } op && TraceQLPrinter.Precedence(op) == level)
        {
            CountOperator(Advance());
            var right = ParseSpansetLevel(level + 1);
            left = new SpansetOperation(op, left, right);
        }
        return left;
    }

    private static SpansetOp? SpansetOperator(K kind) => kind switch
    {
        K.And => SpansetOp.And,
        K.Or => SpansetOp.Union,
        K.Greater => SpansetOp.Child,
        K.Descendant => SpansetOp.Descendant,
        K.Less => SpansetOp.Parent,
        K.Ancestor => SpansetOp.Ancestor,
        K.Tilde => SpansetOp.Sibling,
        K.NotChild => SpansetOp.NotChild,
        K.NotDescendant => SpansetOp.NotDescendant,
        K.NotParent => SpansetOp.NotParent,
        K.NotAncestor => SpansetOp.NotAncestor,
        K.NotRegex => SpansetOp.NotSibling,
        K.UnionChild => SpansetOp.UnionChild,
        K.UnionDescendant => SpansetOp.UnionDescendant,
        K.UnionParent => SpansetOp.UnionParent,
        K.UnionAncestor => SpansetOp.UnionAncestor,
        K.UnionSibling => SpansetOp.UnionSibling,
        _ => null,
    };

    private SpansetExpr ParseSpansetPrimary()
    {
        if (Current.Kind == K.LeftBrace) return ParseSpansetFilter();
        if (Current.Kind != K.LeftParen) throw Unexpected("spanset filter '{' or '('");
        var open = Advance();
        Enter(open);
        var pipeline = ParsePipeline(topLevel: false);
        Expect(K.RightParen, "')'");
        Leave();
        // Parentheses around a plain spanset expression only group; around a pipeline they make an operand.
        return pipeline.Stages is [SpansetExpr only] ? only : new PipelineSpanset(pipeline);
    }

    private SpansetFilter ParseSpansetFilter()
    {
        Expect(K.LeftBrace, "'{'");
        if (Current.Kind == K.RightBrace)
        {
            Advance();
            return new SpansetFilter(null);
        }
        var start = Current;
        var expression = ParseField();
        if (TypeRules.CheckFilter(expression.Type) is { } error) Throw(start, error);
        Expect(K.RightBrace, "'}' or an operator");
        return new SpansetFilter(expression);
    }
}
