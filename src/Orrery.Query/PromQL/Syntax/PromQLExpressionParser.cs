using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Orrery.Query.PromQL.Syntax;

/// <summary>
/// Recursive-descent parser for PromQL that reproduces the tree and the error messages of
/// Prometheus 2.42's yacc grammar. Binary operators use precedence climbing; <c>[…]</c>,
/// <c>offset</c> and <c>@</c> are postfix and bind tighter than every operator, as the
/// grammar's precedences make them. Syntax errors are thrown at once (Prometheus reports its
/// first error); type errors come from <see cref="PromQLTypeChecker"/> after the whole query parsed.
/// </summary>
internal sealed partial class PromQLExpressionParser
{
    private readonly string _query;
    private readonly List<PromToken> _tokens;
    private readonly string? _lexError;
    private int _index;
    private int _nesting;

    // Depth of every composite node built so far (leaves count 1). Operator chains grow the
    // tree without nesting the parser, so the limit is checked as each node is built, before
    // anything (such as the recursive Type property) walks it.
    private readonly Dictionary<PromExpr, int> _depths = new(ReferenceEqualityComparer.Instance);

    // Inside an aggregation's argument list a syntax error that no narrower rule catches is
    // reported "in aggregation": yacc's error recovery pops back to the aggregation rule.
    private bool _inAggregation;

    public PromQLExpressionParser(string query)
    {
        _query = query;
        _tokens = PromQLLexer.Tokenize(query, out _lexError);
    }

    /// <summary>Operator positions and the matching as written, which the type checker's messages need.</summary>
    public Dictionary<BinaryExpr, BinaryExprSource> BinarySources { get; } = new(ReferenceEqualityComparer.Instance);

    public string Query => _query;

    public PromExpr ParseWholeExpression()
    {
        if (Current.Kind == PromTokenKind.Eof) PromQLParseErrors.Throw(_query, 0, "no expression found in input");
        var expr = ParseExpr(0);
        if (Current.Kind != PromTokenKind.Eof) throw Unexpected();
        return expr;
    }

    public VectorSelector ParseWholeSelector()
    {
        var token = Current;
        VectorSelector selector;
        if (token.Kind == PromTokenKind.LeftBrace) selector = ParseVectorSelector(null);
        else if (IsMetricIdentifier(token.Kind)) selector = ParseVectorSelector(token);
        else throw Unexpected();
        if (Current.Kind != PromTokenKind.Eof) throw Unexpected();
        return selector;
    }

    private PromToken Current => _tokens[_index];

    private PromToken PeekNext => _index + 1 < _tokens.Count ? _tokens[_index + 1] : _tokens[^1];

    private PromToken Advance()
    {
        var token = _tokens[_index];
        if (_index < _tokens.Count - 1) _index++;
        return token;
    }

    private string TextOf(PromToken token) => _query.Substring(token.Position, token.Length);

    /// <summary>expr := unary | expr binop [modifiers] expr, by precedence.</summary>
    private PromExpr ParseExpr(int minPrecedence)
    {
        EnterNesting();
        var lhs = ParseUnary();
        while (true)
        {
            var op = Current;
            var precedence = op.Kind.BinaryPrecedence();
            if (precedence == 0 || precedence < minPrecedence) break;
            Advance();
            var modifiers = ParseBinaryModifiers();
            // "^" is right-associative; every other operator is left-associative.
            var rhs = ParseExpr(op.Kind == PromTokenKind.Pow ? precedence : precedence + 1);
            lhs = MakeBinary(op, modifiers, lhs, rhs);
        }
        _nesting--;
        return lhs;
    }

    // Unary +/- has the precedence of "*": its operand takes in "^" chains but no lower operator.
    private PromExpr ParseUnary()
    {
        var op = Current;
        if (op.Kind is not (PromTokenKind.Add or PromTokenKind.Sub)) return ParsePostfix(ParsePrimary());
        Advance();
        var operand = ParseExpr(PromTokenKind.Pow.BinaryPrecedence());
        var negate = op.Kind == PromTokenKind.Sub;
        // Prometheus folds a sign into a number literal (the literal then starts at the sign).
        if (operand is NumberLiteral number) return new NumberLiteral(negate ? -number.Value : number.Value, op.Position);
        return Track(new UnaryExpr(negate, operand, op.Position), operand);
    }

    private int DepthOf(PromExpr expr) => _depths.TryGetValue(expr, out var depth) ? depth : 1;

    /// <summary>Records a new node's depth (one more than its deepest child), refusing trees deeper than the limit.</summary>
    private T Track<T>(T node, PromExpr child)
        where T : PromExpr => Track(node, DepthOf(child));

    private T Track<T>(T node, PromExpr first, PromExpr second)
        where T : PromExpr => Track(node, Math.Max(DepthOf(first), DepthOf(second)));

    private T Track<T>(T node, IEnumerable<PromExpr> children)
        where T : PromExpr
    {
        var deepest = 0;
        foreach (var child in children) deepest = Math.Max(deepest, DepthOf(child));
        return Track(node, deepest);
    }

    private T Track<T>(T node, int deepestChild)
        where T : PromExpr
    {
        if (deepestChild + 1 > PromQLParser.MaxNestingDepth) throw NestingTooDeep(node.Position);
        _depths[node] = deepestChild + 1;
        return node;
    }

    private PromQLParseException NestingTooDeep(int position) =>
        Fail(position, $"expression nesting exceeds {PromQLParser.MaxNestingDepth} levels");

    private void EnterNesting()
    {
        // The limit keeps every recursive walk of the tree (printing, checking, evaluating) far
        // from the end of a 1 MiB thread stack; real queries nest a few dozen levels at most.
        if (++_nesting > PromQLParser.MaxNestingDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw NestingTooDeep(Current.Position);
    }

    /// <summary>A syntax error at the current token that no narrower rule describes.</summary>
    private PromQLParseException Unexpected() => Unexpected(_inAggregation ? "aggregation" : "", "");

    /// <summary>Prometheus's <c>unexpected X[ in context][, expected Y]</c>; a lexer error at this token wins.</summary>
    private PromQLParseException Unexpected(string context, string expected)
    {
        var token = Current;
        if (token.Kind == PromTokenKind.Error) return PromQLParseErrors.Create(_query, token.Position, _lexError!);
        var what = "unexpected " + PromTokenDescriptions.Describe(token, _query);
        if (context.Length > 0) what += " in " + context;
        if (expected.Length > 0) what += ", expected " + expected;
        return PromQLParseErrors.Create(_query, token.Position, what);
    }

    private PromQLParseException Fail(int position, string what) => PromQLParseErrors.Create(_query, position, what);

    private static bool IsMetricIdentifier(PromTokenKind kind) =>
        kind is PromTokenKind.Identifier or PromTokenKind.MetricIdentifier
            or PromTokenKind.By or PromTokenKind.Without or PromTokenKind.Offset
            or PromTokenKind.And or PromTokenKind.Or or PromTokenKind.Unless
            or PromTokenKind.Start or PromTokenKind.End
        || kind.IsAggregator();

    // Tokens that can begin an expression. Where the grammar could also reduce an optional
    // part (a trailing comma, group_left's labels), any other token is reported against that part.
    private static bool IsExpressionStart(PromTokenKind kind) =>
        kind is PromTokenKind.Number or PromTokenKind.String or PromTokenKind.LeftParen or PromTokenKind.LeftBrace
            or PromTokenKind.Add or PromTokenKind.Sub
        || IsMetricIdentifier(kind);

    // Inside grouping parentheses a keyword may stand for a label name.
    private static bool IsMaybeLabel(PromTokenKind kind) =>
        kind is PromTokenKind.Identifier or PromTokenKind.MetricIdentifier
            or PromTokenKind.Bool or PromTokenKind.By or PromTokenKind.GroupLeft or PromTokenKind.GroupRight
            or PromTokenKind.Ignoring or PromTokenKind.On or PromTokenKind.Offset
            or PromTokenKind.And or PromTokenKind.Or or PromTokenKind.Unless or PromTokenKind.Atan2
            or PromTokenKind.Start or PromTokenKind.End
        || kind.IsAggregator();
}

/// <summary>Where a binary operator stood and the matching clause exactly as written.</summary>
internal sealed record BinaryExprSource(int OperatorPosition, VectorMatching WrittenMatching);
