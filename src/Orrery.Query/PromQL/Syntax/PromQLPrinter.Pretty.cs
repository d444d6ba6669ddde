using System.Text;

namespace Orrery.Query.PromQL.Syntax;

public static partial class PromQLPrinter
{
    // Prometheus's prettier splits a node over lines only when its one-line form is longer.
    private const int MaxCharactersPerLine = 100;

    /// <summary>
    /// Prometheus 2.42's <c>Pretty(0)</c> (what <c>/api/v1/format_query</c> returns): a node
    /// whose one-line form exceeds 100 bytes is split, children indented two spaces per level.
    /// Prometheus's quirks are kept (an unsplit subquery gets no indent; a unary operator
    /// trims its operand's indent).
    /// </summary>
    public static string Pretty(PromExpr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return Pretty(expr, 0);
    }

    private static string Pretty(PromExpr expr, int level)
    {
        var indent = new string(' ', 2 * level);
        switch (expr)
        {
            case AggregateExpr a when NeedsSplit(a):
                {
                    var sb = new StringBuilder(indent);
                    AppendAggregateHead(sb, a);
                    sb.Append("(\n");
                    if (a.Param is not null) sb.Append(Pretty(a.Param, level + 1)).Append(",\n");
                    return sb.Append(Pretty(a.Expr, level + 1)).Append('\n').Append(indent).Append(')').ToString();
                }
            case BinaryExpr b when NeedsSplit(b):
                {
                    var sb = new StringBuilder(Pretty(b.Lhs, level + 1));
                    sb.Append('\n').Append(indent).Append(PromQLTypeChecker.OperatorText(b.Op));
                    if (b.ReturnBool) sb.Append(" bool");
                    AppendMatching(sb, b.Matching);
                    return sb.Append('\n').Append(Pretty(b.Rhs, level + 1)).ToString();
                }
            case Call c when NeedsSplit(c):
                {
                    var sb = new StringBuilder(indent).Append(c.Function.Name).Append("(\n");
                    for (var i = 0; i < c.Args.Count; i++)
                    {
                        if (i > 0) sb.Append(",\n");
                        sb.Append(Pretty(c.Args[i], level + 1));
                    }
                    return sb.Append('\n').Append(indent).Append(')').ToString();
                }
            case ParenExpr p when NeedsSplit(p):
                return indent + "(\n" + Pretty(p.Expr, level + 1) + "\n" + indent + ")";
            case SubqueryExpr q:
                {
                    if (!NeedsSplit(q)) return Print(q);
                    var sb = new StringBuilder(Pretty(q.Expr, level));
                    sb.Append('[').Append(PromDuration.Format(q.RangeMs)).Append(':');
                    if (q.StepMs != 0) sb.Append(PromDuration.Format(q.StepMs));
                    sb.Append(']');
                    AppendAtAndOffset(sb, q.At, q.OffsetMs);
                    return sb.ToString();
                }
            case UnaryExpr u:
                return indent + (u.Negate ? "-" : "+") + Pretty(u.Expr, level).Trim();
            default:
                return indent + Print(expr);
        }
    }

    private static bool NeedsSplit(PromExpr expr) => Encoding.UTF8.GetByteCount(Print(expr)) > MaxCharactersPerLine;
}
