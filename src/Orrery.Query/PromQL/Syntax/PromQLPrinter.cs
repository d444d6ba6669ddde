using System.Globalization;
using System.Text;
using Orrery.Signals.Labels;
using MatchType = Orrery.Signals.Labels.MatchType;

namespace Orrery.Query.PromQL.Syntax;

/// <summary>Prints an expression in Prometheus's canonical form (what <c>/api/v1/format_query</c> returns).</summary>
public static partial class PromQLPrinter
{
    /// <summary>Prometheus 2.42's <c>Expr.String()</c>: one line, matchers sorted, durations normalised.</summary>
    public static string Print(PromExpr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var sb = new StringBuilder();
        Append(sb, expr);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, PromExpr expr)
    {
        switch (expr)
        {
            case NumberLiteral n:
                sb.Append(GoFloat.Format(n.Value));
                break;
            case StringLiteral s:
                GoText.AppendQuoted(sb, s.Value);
                break;
            case ParenExpr p:
                sb.Append('(');
                Append(sb, p.Expr);
                sb.Append(')');
                break;
            case UnaryExpr u:
                sb.Append(u.Negate ? '-' : '+');
                Append(sb, u.Expr);
                break;
            case BinaryExpr b:
                Append(sb, b.Lhs);
                sb.Append(' ').Append(PromQLTypeChecker.OperatorText(b.Op));
                if (b.ReturnBool) sb.Append(" bool");
                AppendMatching(sb, b.Matching);
                sb.Append(' ');
                Append(sb, b.Rhs);
                break;
            case AggregateExpr a:
                AppendAggregateHead(sb, a);
                sb.Append('(');
                if (a.Param is not null)
                {
                    Append(sb, a.Param);
                    sb.Append(", ");
                }
                Append(sb, a.Expr);
                sb.Append(')');
                break;
            case Call c:
                sb.Append(c.Function.Name).Append('(');
                for (var i = 0; i < c.Args.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    Append(sb, c.Args[i]);
                }
                sb.Append(')');
                break;
            case VectorSelector v:
                AppendSelector(sb, v);
                AppendAtAndOffset(sb, v.At, v.OffsetMs);
                break;
            case MatrixSelector m:
                AppendSelector(sb, m.Selector);
                sb.Append('[').Append(PromDuration.Format(m.RangeMs)).Append(']');
                AppendAtAndOffset(sb, m.Selector.At, m.Selector.OffsetMs);
                break;
            case SubqueryExpr q:
                Append(sb, q.Expr);
                sb.Append('[').Append(PromDuration.Format(q.RangeMs)).Append(':');
                if (q.StepMs != 0) sb.Append(PromDuration.Format(q.StepMs));
                sb.Append(']');
                AppendAtAndOffset(sb, q.At, q.OffsetMs);
                break;
            default:
                throw new ArgumentException("unknown expression node " + expr.GetType().Name, nameof(expr));
        }
    }

    internal static void AppendAggregateHead(StringBuilder sb, AggregateExpr a)
    {
        sb.Append(AggregatorName(a.Op));
        if (a.Without || a.Grouping.Count > 0)
        {
            sb.Append(a.Without ? " without (" : " by (");
            AppendJoined(sb, a.Grouping);
            sb.Append(") ");
        }
    }

    internal static void AppendMatching(StringBuilder sb, VectorMatching? vm)
    {
        if (vm is null || (vm.MatchingLabels.Count == 0 && !vm.On)) return;
        sb.Append(vm.On ? " on (" : " ignoring (");
        AppendJoined(sb, vm.MatchingLabels);
        sb.Append(')');
        if (vm.Card is MatchingCardinality.ManyToOne or MatchingCardinality.OneToMany)
        {
            sb.Append(vm.Card == MatchingCardinality.ManyToOne ? " group_left (" : " group_right (");
            AppendJoined(sb, vm.Include);
            sb.Append(')');
        }
    }

    internal static void AppendSelector(StringBuilder sb, VectorSelector v)
    {
        var matchers = new List<string>(v.Matchers.Count);
        foreach (var m in v.Matchers)
        {
            // The name's own matcher is implied by the name.
            if (v.Name is not null && m.Name == "__name__" && m.Type == MatchType.Equal && m.Value == v.Name) continue;
            matchers.Add(MatcherText(m));
        }
        sb.Append(v.Name);
        if (matchers.Count == 0) return;
        matchers.Sort(StringComparer.Ordinal);
        sb.Append('{').AppendJoin(',', matchers).Append('}');
    }

    /// <summary>Prometheus's <c>Matcher.String()</c>: <c>name="value"</c> with Go quoting.</summary>
    internal static string MatcherText(LabelMatcher m)
    {
        var op = m.Type switch
        {
            MatchType.Equal => "=",
            MatchType.NotEqual => "!=",
            MatchType.Regex => "=~",
            _ => "!~",
        };
        return m.Name + op + GoText.Quote(m.Value);
    }

    internal static void AppendAtAndOffset(StringBuilder sb, AtModifier at, long offsetMs)
    {
        switch (at.Kind)
        {
            case AtKind.Timestamp:
                sb.Append(" @ ").Append((at.TimestampMs / 1000.0).ToString("F3", CultureInfo.InvariantCulture));
                break;
            case AtKind.Start:
                sb.Append(" @ start()");
                break;
            case AtKind.End:
                sb.Append(" @ end()");
                break;
        }
        if (offsetMs > 0) sb.Append(" offset ").Append(PromDuration.Format(offsetMs));
        else if (offsetMs < 0) sb.Append(" offset -").Append(PromDuration.Format(-offsetMs));
    }

    private static void AppendJoined(StringBuilder sb, IReadOnlyList<string> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(items[i]);
        }
    }

    internal static string AggregatorName(AggregateOp op) => op switch
    {
        AggregateOp.Sum => "sum",
        AggregateOp.Avg => "avg",
        AggregateOp.Count => "count",
        AggregateOp.Min => "min",
        AggregateOp.Max => "max",
        AggregateOp.Group => "group",
        AggregateOp.Stddev => "stddev",
        AggregateOp.Stdvar => "stdvar",
        AggregateOp.TopK => "topk",
        AggregateOp.BottomK => "bottomk",
        AggregateOp.CountValues => "count_values",
        AggregateOp.Quantile => "quantile",
        AggregateOp.LimitK => "limitk",
        _ => "limit_ratio",
    };
}
