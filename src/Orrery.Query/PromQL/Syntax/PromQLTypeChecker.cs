namespace Orrery.Query.PromQL.Syntax;

/// <summary>
/// Prometheus's <c>checkAST</c>: the type rules of PromQL, visited in Prometheus's order so
/// that the first error reported is the one Prometheus reports.
/// </summary>
internal sealed class PromQLTypeChecker(string query, IReadOnlyDictionary<BinaryExpr, BinaryExprSource> binarySources)
{
    /// <summary>Checks a tree the parser built (its depth is already bounded, so recursion is safe).</summary>
    public void Check(PromExpr root) => Visit(root);

    private PromValueType Visit(PromExpr node)
    {
        var type = node.Type;
        switch (node)
        {
            case AggregateExpr aggregate:
                ExpectType(aggregate.Expr, PromValueType.Vector, "aggregation expression");
                if (aggregate.Op is AggregateOp.TopK or AggregateOp.BottomK or AggregateOp.Quantile)
                    ExpectType(aggregate.Param!, PromValueType.Scalar, "aggregation parameter");
                if (aggregate.Op == AggregateOp.CountValues)
                    ExpectType(aggregate.Param!, PromValueType.String, "aggregation parameter");
                break;
            case BinaryExpr binary:
                CheckBinary(binary);
                break;
            case Call call:
                CheckCall(call);
                break;
            case ParenExpr paren:
                Visit(paren.Expr);
                break;
            case UnaryExpr unary:
                {
                    var t = Visit(unary.Expr);
                    if (t is not (PromValueType.Scalar or PromValueType.Vector))
                        throw Error(unary.Position, $"unary expression only allowed on expressions of type scalar or instant vector, got \"{PromQLParseErrors.DocumentedName(t)}\"");
                    break;
                }
            case SubqueryExpr subquery:
                {
                    var t = Visit(subquery.Expr);
                    if (t != PromValueType.Vector)
                        throw Error(subquery.Position, $"subquery is only allowed on instant vector, got {PromQLParseErrors.RawName(t)} instead");
                    break;
                }
            case MatrixSelector matrix:
                Visit(matrix.Selector);
                break;
            case VectorSelector selector:
                CheckSelector(selector);
                break;
        }
        return type;
    }

    private void ExpectType(PromExpr node, PromValueType want, string context)
    {
        var t = Visit(node);
        if (t != want)
            throw Error(node.Position, $"expected type {PromQLParseErrors.DocumentedName(want)} in {context}, got {PromQLParseErrors.DocumentedName(t)}");
    }

    private void CheckBinary(BinaryExpr n)
    {
        var lt = Visit(n.Lhs);
        var rt = Visit(n.Rhs);
        var source = binarySources[n];
        var written = source.WrittenMatching;
        var isComparison = n.Op is BinaryOp.Eql or BinaryOp.Neq or BinaryOp.Gtr or BinaryOp.Lss or BinaryOp.Gte or BinaryOp.Lte;
        var isSetOp = n.Op is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless;

        if (n.ReturnBool && !isComparison)
            throw Error(source.OperatorPosition, "bool modifier can only be used on comparison operators");
        if (isComparison && !n.ReturnBool && lt == PromValueType.Scalar && rt == PromValueType.Scalar)
            throw Error(source.OperatorPosition, "comparisons between scalars must use BOOL modifier");
        if (written.On)
        {
            foreach (var label in written.MatchingLabels)
            {
                if (written.Include.Contains(label))
                    throw Error(source.OperatorPosition, $"label {GoText.Quote(label)} must not occur in ON and GROUP clause at once");
            }
        }
        if (lt is not (PromValueType.Scalar or PromValueType.Vector))
            throw Error(n.Lhs.Position, "binary expression must contain only scalar and instant vector types");
        if (rt is not (PromValueType.Scalar or PromValueType.Vector))
            throw Error(n.Rhs.Position, "binary expression must contain only scalar and instant vector types");

        if (lt != PromValueType.Vector || rt != PromValueType.Vector)
        {
            if (written.MatchingLabels.Count > 0)
                throw Error(n.Position, "vector matching only allowed between instant vectors");
        }
        else if (isSetOp && written.Card is MatchingCardinality.OneToMany or MatchingCardinality.ManyToOne)
        {
            throw Error(n.Position, $"no grouping allowed for {GoText.Quote(OperatorText(n.Op))} operation");
        }

        if ((lt == PromValueType.Scalar || rt == PromValueType.Scalar) && isSetOp)
            throw Error(n.Position, $"set operator {GoText.Quote(OperatorText(n.Op))} not allowed in binary scalar expression");
    }

    private void CheckCall(Call call)
    {
        var fn = call.Function;
        var argTypes = fn.ArgTypes.Length;
        var quotedName = GoText.Quote(fn.Name);
        if (fn.Variadic == 0)
        {
            if (argTypes != call.Args.Count)
                throw Error(call.Position, $"expected {argTypes} argument(s) in call to {quotedName}, got {call.Args.Count}");
        }
        else
        {
            var min = argTypes - 1;
            if (min > call.Args.Count)
                throw Error(call.Position, $"expected at least {min} argument(s) in call to {quotedName}, got {call.Args.Count}");
            if (fn.Variadic > 0 && min + fn.Variadic < call.Args.Count)
                throw Error(call.Position, $"expected at most {min + fn.Variadic} argument(s) in call to {quotedName}, got {call.Args.Count}");
        }

        for (var i = 0; i < call.Args.Count; i++)
        {
            if (i >= argTypes && fn.Variadic == 0) break;
            ExpectType(call.Args[i], fn.ArgType(i), $"call to function {quotedName}");
        }
    }

    private void CheckSelector(VectorSelector selector)
    {
        if (selector.Name is not null)
        {
            // The name's own matcher is the last one; any other on __name__ sets it twice.
            for (var i = 0; i < selector.Matchers.Count - 1; i++)
            {
                var m = selector.Matchers[i];
                if (m.Name == "__name__")
                    throw Error(selector.Position, $"metric name must not be set twice: {GoText.Quote(selector.Name)} or {GoText.Quote(m.Value)}");
            }
            return;
        }
        foreach (var m in selector.Matchers)
        {
            if (!m.MatchesEmpty) return;
        }
        throw Error(selector.Position, "vector selector must contain at least one non-empty matcher");
    }

    private PromQLParseException Error(int position, string what) => PromQLParseErrors.Create(query, position, what);

    internal static string OperatorText(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Sub => "-",
        BinaryOp.Mul => "*",
        BinaryOp.Div => "/",
        BinaryOp.Mod => "%",
        BinaryOp.Pow => "^",
        BinaryOp.Atan2 => "atan2",
        BinaryOp.Eql => "==",
        BinaryOp.Neq => "!=",
        BinaryOp.Gtr => ">",
        BinaryOp.Lss => "<",
        BinaryOp.Gte => ">=",
        BinaryOp.Lte => "<=",
        BinaryOp.And => "and",
        BinaryOp.Or => "or",
        _ => "unless",
    };
}
