using System.Globalization;
using System.Text;

namespace Orrery.Query.TraceQL.Syntax;

/// <summary>
/// Renders a syntax tree as canonical TraceQL: single spaces around binary operators, parentheses
/// only where precedence needs them, canonical intrinsic names and literals. The output parses
/// back to an equal tree.
/// </summary>
public static partial class TraceQLPrinter
{
    public static string Print(TraceQLQuery query)
    {
        var text = new StringBuilder();
        AppendPipeline(text, query.Pipeline);
        if (query.Hints.Count > 0)
        {
            text.Append(" with (");
            for (var i = 0; i < query.Hints.Count; i++)
            {
                if (i > 0) text.Append(", ");
                text.Append(query.Hints[i].Name).Append(" = ").Append(PrintStatic(query.Hints[i].Value));
            }
            text.Append(')');
        }
        return text.ToString();
    }

    public static string PrintPipeline(Pipeline pipeline)
    {
        var text = new StringBuilder();
        AppendPipeline(text, pipeline);
        return text.ToString();
    }

    public static string PrintStage(PipelineStage stage)
    {
        var text = new StringBuilder();
        AppendStage(text, stage);
        return text.ToString();
    }

    private static void AppendPipeline(StringBuilder text, Pipeline pipeline)
    {
        for (var i = 0; i < pipeline.Stages.Count; i++)
        {
            if (i > 0) text.Append(" | ");
            AppendStage(text, pipeline.Stages[i]);
        }
    }

    private static void AppendStage(StringBuilder text, PipelineStage stage)
    {
        switch (stage)
        {
            case SpansetExpr spanset:
                AppendSpanset(text, spanset, 0);
                break;
            case GroupOperation group:
                text.Append("by(");
                AppendField(text, group.By, 0);
                text.Append(')');
                break;
            case CoalesceOperation:
                text.Append("coalesce()");
                break;
            case SelectOperation select:
                text.Append("select(");
                AppendFieldList(text, select.Fields);
                text.Append(')');
                break;
            case ScalarFilter filter:
                AppendScalar(text, filter.Left, 0);
                text.Append(' ').Append(OpText(filter.Op)).Append(' ');
                AppendScalar(text, filter.Right, 0);
                break;
            case MetricsAggregate metrics:
                AppendMetrics(text, metrics);
                break;
            case MetricsSecondStage second:
                text.Append(second.Kind == MetricsSecondStageKind.TopK ? "topk(" : "bottomk(").Append(second.Limit).Append(')');
                break;
            default:
                throw new ArgumentException($"unknown pipeline stage {stage.GetType().Name}", nameof(stage));
        }
    }

    private static void AppendFieldList(StringBuilder text, IReadOnlyList<FieldExpr> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append(", ");
            AppendField(text, fields[i], 0);
        }
    }

    private static void AppendMetrics(StringBuilder text, MetricsAggregate metrics)
    {
        text.Append(MetricsFunctionName(metrics.Function)).Append('(');
        var first = true;
        void Separate()
        {
            if (!first) text.Append(", ");
            first = false;
        }
        if (metrics.Selection is not null)
        {
            Separate();
            AppendSpanset(text, metrics.Selection, 0);
        }
        if (metrics.Attribute is not null)
        {
            Separate();
            AppendField(text, metrics.Attribute, 0);
        }
        foreach (var quantile in metrics.Quantiles)
        {
            Separate();
            text.Append(FormatFloat(quantile));
        }
        foreach (var argument in metrics.CompareArguments)
        {
            Separate();
            text.Append(argument.ToString(CultureInfo.InvariantCulture));
        }
        text.Append(')');
        if (metrics.By.Count > 0)
        {
            text.Append(" by (");
            AppendFieldList(text, metrics.By);
            text.Append(')');
        }
    }

    internal static string MetricsFunctionName(MetricsFunction function) => function switch
    {
        MetricsFunction.Rate => "rate",
        MetricsFunction.CountOverTime => "count_over_time",
        MetricsFunction.MinOverTime => "min_over_time",
        MetricsFunction.MaxOverTime => "max_over_time",
        MetricsFunction.AvgOverTime => "avg_over_time",
        MetricsFunction.SumOverTime => "sum_over_time",
        MetricsFunction.QuantileOverTime => "quantile_over_time",
        MetricsFunction.HistogramOverTime => "histogram_over_time",
        MetricsFunction.Compare => "compare",
        _ => throw new ArgumentOutOfRangeException(nameof(function)),
    };

    // Spanset precedence: || (1) < && (2) < structural (3) < filters and parentheses (4); all left-associative.
    internal static int Precedence(SpansetOp op) => op switch
    {
        SpansetOp.Union => 1,
        SpansetOp.And => 2,
        _ => 3,
    };

    private static void AppendSpanset(StringBuilder text, SpansetExpr expr, int parentPrecedence)
    {
        switch (expr)
        {
            case SpansetFilter filter:
                if (filter.Expression is null)
                {
                    text.Append("{ }");
                    break;
                }
                text.Append("{ ");
                AppendField(text, filter.Expression, 0);
                text.Append(" }");
                break;
            case PipelineSpanset wrapped:
                text.Append('(');
                AppendPipeline(text, wrapped.Pipeline);
                text.Append(')');
                break;
            case SpansetOperation operation:
                var precedence = Precedence(operation.Op);
                var parens = precedence < parentPrecedence;
                if (parens) text.Append('(');
                AppendSpanset(text, operation.Left, precedence);
                text.Append(' ').Append(SpansetOpText(operation.Op)).Append(' ');
                AppendSpanset(text, operation.Right, precedence + 1);
                if (parens) text.Append(')');
                break;
            default:
                throw new ArgumentException($"unknown spanset expression {expr.GetType().Name}", nameof(expr));
        }
    }

    internal static string SpansetOpText(SpansetOp op) => op switch
    {
        SpansetOp.And => "&&",
        SpansetOp.Union => "||",
        SpansetOp.Child => ">",
        SpansetOp.Descendant => ">>",
        SpansetOp.Parent => "<",
        SpansetOp.Ancestor => "<<",
        SpansetOp.Sibling => "~",
        SpansetOp.NotChild => "!>",
        SpansetOp.NotDescendant => "!>>",
        SpansetOp.NotParent => "!<",
        SpansetOp.NotAncestor => "!<<",
        SpansetOp.NotSibling => "!~",
        SpansetOp.UnionChild => "&>",
        SpansetOp.UnionDescendant => "&>>",
        SpansetOp.UnionParent => "&<",
        SpansetOp.UnionAncestor => "&<<",
        SpansetOp.UnionSibling => "&~",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
