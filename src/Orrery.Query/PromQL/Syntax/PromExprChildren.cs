namespace Orrery.Query.PromQL.Syntax;

/// <summary>The direct sub-expressions of a node, in source order.</summary>
public static class PromExprChildren
{
    public static IEnumerable<PromExpr> Of(PromExpr node)
    {
        switch (node)
        {
            case AggregateExpr a:
                if (a.Param is not null) yield return a.Param;
                yield return a.Expr;
                break;
            case BinaryExpr b:
                yield return b.Lhs;
                yield return b.Rhs;
                break;
            case Call c:
                foreach (var arg in c.Args) yield return arg;
                break;
            case ParenExpr p:
                yield return p.Expr;
                break;
            case UnaryExpr u:
                yield return u.Expr;
                break;
            case SubqueryExpr s:
                yield return s.Expr;
                break;
            case MatrixSelector m:
                yield return m.Selector;
                break;
        }
    }
}
