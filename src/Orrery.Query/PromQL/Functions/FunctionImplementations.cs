using System.Collections.Frozen;

namespace Orrery.Query.PromQL.Functions;

/// <summary>
/// Implementations of <see cref="Syntax.PromFunctions"/> by name: range functions take a matrix
/// argument, instant ones do not. <c>absent_over_time</c> is the exception: it has a matrix
/// argument but is an instant function (see <see cref="AbsentFunctions"/>), because its output
/// labels come from the selector, not from a series.
/// </summary>
public static class FunctionImplementations
{
    private static readonly FrozenDictionary<string, RangeFunction> s_range = new Dictionary<string, RangeFunction>(StringComparer.Ordinal)
    {
        ["rate"] = RateFunctions.Rate,
        ["increase"] = RateFunctions.Increase,
        ["delta"] = RateFunctions.Delta,
        ["irate"] = RateFunctions.IRate,
        ["idelta"] = RateFunctions.IDelta,
        ["deriv"] = TrendFunctions.Deriv,
        ["predict_linear"] = TrendFunctions.PredictLinear,
        ["holt_winters"] = TrendFunctions.HoltWinters,
        ["double_exponential_smoothing"] = TrendFunctions.HoltWinters,
        ["resets"] = CounterFunctions.Resets,
        ["changes"] = CounterFunctions.Changes,
        ["avg_over_time"] = OverTimeFunctions.Avg,
        ["sum_over_time"] = OverTimeFunctions.Sum,
        ["min_over_time"] = OverTimeFunctions.Min,
        ["max_over_time"] = OverTimeFunctions.Max,
        ["count_over_time"] = OverTimeFunctions.Count,
        ["present_over_time"] = OverTimeFunctions.Present,
        ["last_over_time"] = OverTimeFunctions.Last,
        ["quantile_over_time"] = OverTimeFunctions.Quantile,
        ["mad_over_time"] = OverTimeFunctions.Mad,
        ["stddev_over_time"] = OverTimeFunctions.StdDev,
        ["stdvar_over_time"] = OverTimeFunctions.StdVar,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, InstantFunction> s_instant = BuildInstant();

    private static FrozenDictionary<string, InstantFunction> BuildInstant()
    {
        var all = new Dictionary<string, InstantFunction>(StringComparer.Ordinal)
        {
            ["absent"] = AbsentFunctions.Absent,
            ["absent_over_time"] = AbsentFunctions.Absent,
            ["histogram_quantile"] = HistogramFunctions.HistogramQuantile,
            ["histogram_fraction"] = HistogramFunctions.HistogramFraction,
            ["histogram_count"] = HistogramFunctions.PerHistogram(static h => h.Count),
            ["histogram_sum"] = HistogramFunctions.PerHistogram(static h => h.Sum),
            ["histogram_avg"] = HistogramFunctions.PerHistogram(static h => h.Sum / h.Count),
            ["histogram_stdvar"] = HistogramFunctions.PerHistogram(HistogramFunctions.Variance),
            ["histogram_stddev"] = HistogramFunctions.PerHistogram(static h => Math.Sqrt(HistogramFunctions.Variance(h))),
            ["label_replace"] = LabelFunctions.LabelReplace,
            ["label_join"] = LabelFunctions.LabelJoin,
            ["sort"] = SortFunctions.Sort,
            ["sort_desc"] = SortFunctions.SortDesc,
            ["sort_by_label"] = SortFunctions.SortByLabel,
            ["sort_by_label_desc"] = SortFunctions.SortByLabelDesc,
        };
        foreach (var (name, function) in MathFunctions.All()) all.Add(name, function);
        foreach (var (name, function) in TimeFunctions.All()) all.Add(name, function);
        return all.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static bool TryGetRange(string name, out RangeFunction function) => s_range.TryGetValue(name, out function!);

    public static bool TryGetInstant(string name, out InstantFunction function) => s_instant.TryGetValue(name, out function!);
}
