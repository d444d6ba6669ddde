using System.Globalization;
using Orrery.Query.LogQL.Syntax;
using K = Orrery.Query.TraceQL.Syntax.TraceQLTokenKind;

namespace Orrery.Query.TraceQL.Syntax;

public sealed partial class TraceQLParser
{
    private static MetricsFunction? MetricsFunctionOf(string word) => word switch
    {
        "rate" => MetricsFunction.Rate,
        "count_over_time" => MetricsFunction.CountOverTime,
        "min_over_time" => MetricsFunction.MinOverTime,
        "max_over_time" => MetricsFunction.MaxOverTime,
        "avg_over_time" => MetricsFunction.AvgOverTime,
        "sum_over_time" => MetricsFunction.SumOverTime,
        "quantile_over_time" => MetricsFunction.QuantileOverTime,
        "histogram_over_time" => MetricsFunction.HistogramOverTime,
        "compare" => MetricsFunction.Compare,
        _ => null,
    };

    /// <summary>
    /// Arguments per function, as Tempo defines them: rate/count_over_time take none; the other
    /// *_over_time take a field; quantile_over_time a field and at least one quantile;
    /// compare a spanset filter, then optionally top N, start and end (unix nanoseconds).
    /// </summary>
    private MetricsAggregate ParseMetrics(MetricsFunction function)
    {
        Advance();
        Expect(K.LeftParen, "'('");
        FieldExpr? attribute = null;
        SpansetFilter? selection = null;
        var quantiles = new List<double>();
        var compareArguments = new List<long>();
        switch (function)
        {
            case MetricsFunction.Rate or MetricsFunction.CountOverTime:
                break;
            case MetricsFunction.Compare:
                if (Current.Kind != K.LeftBrace) throw Unexpected("a spanset filter '{' as the first argument of compare");
                selection = ParseSpansetFilter();
                while (Current.Kind == K.Comma && compareArguments.Count < 3)
                {
                    Advance();
                    compareArguments.Add(ParseIntegerArgument());
                }
                break;
            default:
                attribute = ParseField();
                if (function == MetricsFunction.QuantileOverTime)
                {
                    if (Current.Kind != K.Comma) throw Unexpected("',' and at least one quantile");
                    while (Current.Kind == K.Comma)
                    {
                        Advance();
                        quantiles.Add(ParseQuantile());
                    }
                }
                break;
        }
        Expect(K.RightParen, "')'");
        var by = EquatableList<FieldExpr>.Empty;
        if (IsWord("by"))
        {
            Advance();
            Expect(K.LeftParen, "'('");
            by = ParseFieldList();
            Expect(K.RightParen, "',' or ')'");
        }
        return new MetricsAggregate(function, attribute, EquatableList.Of(quantiles), selection, EquatableList.Of(compareArguments), by);
    }

    private double ParseQuantile()
    {
        var token = Current;
        if (token.Kind is not (K.Float or K.Integer)) throw Unexpected("a quantile between 0 and 1");
        Advance();
        var quantile = double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (quantile is < 0 or > 1) Throw(token, $"quantile {token.Text} is not between 0 and 1");
        return quantile;
    }

    private long ParseIntegerArgument()
    {
        var token = Expect(K.Integer, "an integer");
        return long.Parse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private MetricsSecondStage ParseSecondStage()
    {
        var kind = Advance().Text == "topk" ? MetricsSecondStageKind.TopK : MetricsSecondStageKind.BottomK;
        Expect(K.LeftParen, "'('");
        var token = Current;
        var limit = ParseIntegerArgument();
        if (limit <= 0) Throw(token, "topk and bottomk need a positive limit");
        Expect(K.RightParen, "')'");
        return new MetricsSecondStage(kind, limit);
    }

    /// <summary><c>with (name = value, …)</c>: names are identifiers, values literals.</summary>
    private EquatableList<QueryHint> ParseHints()
    {
        Advance();
        Expect(K.LeftParen, "'(' after with");
        var hints = new List<QueryHint>();
        do
        {
            if (hints.Count > 0) Advance();
            var name = Expect(K.Identifier, "a hint name");
            Expect(K.Equal, "'='");
            var token = Current;
            var negative = token.Kind == K.Minus;
            if (negative) Advance();
            if (!TryParseStatic(out var value)) throw Unexpected("a hint value");
            if (negative)
            {
                if (!value.IsNumeric) Throw(token, "only numbers can be negative");
                value = Negate(value);
            }
            hints.Add(new QueryHint(name.Text, value));
        }
        while (Current.Kind == K.Comma);
        Expect(K.RightParen, "',' or ')'");
        return EquatableList.Of(hints);
    }
}
