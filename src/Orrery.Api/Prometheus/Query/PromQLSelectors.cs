using Orrery.Query.PromQL.Syntax;
using Orrery.Signals.Labels;

namespace Orrery.Api.Prometheus.Query;

/// <summary>
/// The matchers of every vector selector in an expression, in the order they appear, as
/// Prometheus's <c>parser.ExtractSelectors</c> gives them to <c>/api/v1/query_exemplars</c>.
/// </summary>
internal static class PromQLSelectors
{
    public static List<IReadOnlyList<LabelMatcher>> Extract(PromExpr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var selectors = new List<IReadOnlyList<LabelMatcher>>();
        Collect(expr, selectors);
        return selectors;
    }

    private static void Collect(PromExpr expr, List<IReadOnlyList<LabelMatcher>> selectors)
    {
        switch (expr)
        {
            case VectorSelector selector:
                selectors.Add(selector.Matchers);
                break;
            case MatrixSelector matrix:
                Collect(matrix.Selector, selectors);
                break;
            case SubqueryExpr subquery:
                Collect(subquery.Expr, selectors);
                break;
            case ParenExpr paren:
                Collect(paren.Expr, selectors);
                break;
            case UnaryExpr unary:
                Collect(unary.Expr, selectors);
                break;
            case BinaryExpr binary:
                Collect(binary.Lhs, selectors);
                Collect(binary.Rhs, selectors);
                break;
            case AggregateExpr aggregate:
                if (aggregate.Param is { } param) Collect(param, selectors);
                Collect(aggregate.Expr, selectors);
                break;
            case Call call:
                foreach (var argument in call.Args) Collect(argument, selectors);
                break;
        }
    }
}
