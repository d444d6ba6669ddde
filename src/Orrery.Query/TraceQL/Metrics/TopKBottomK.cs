using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>
/// <c>topk(n)</c> / <c>bottomk(n)</c> after a metrics function, as Tempo and Prometheus define them:
/// chosen per interval, so a series keeps only the intervals where it ranked (NaN elsewhere) and
/// appears if it ranked anywhere. Ties go to the series whose Prometheus text sorts first.
/// </summary>
public static class TopKBottomK
{
    public static List<MetricsSeries> Apply(IReadOnlyList<MetricsSeries> input, MetricsSecondStage stage, int intervals)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(stage);
        if (input.Count <= stage.Limit) return input.ToList();
        var top = stage.Kind == MetricsSecondStageKind.TopK;
        var ordered = input.Select(s => (Text: s.PromLabels, Series: s)).OrderBy(p => p.Text, StringComparer.Ordinal).Select(p => p.Series).ToArray();
        var kept = new double[ordered.Length][];
        var candidates = new List<int>(ordered.Length);
        for (var i = 0; i < intervals; i++)
        {
            candidates.Clear();
            for (var s = 0; s < ordered.Length; s++)
            {
                if (i < ordered[s].Values.Length && !double.IsNaN(ordered[s].Values[i])) candidates.Add(s);
            }
            // A stable sort keeps label order among equal values.
            var ranked = candidates.OrderBy(s => top ? -ordered[s].Values[i] : ordered[s].Values[i]).Take((int)Math.Min(stage.Limit, int.MaxValue));
            foreach (var s in ranked)
            {
                kept[s] ??= NaNs(intervals);
                kept[s][i] = ordered[s].Values[i];
            }
        }
        var output = new List<MetricsSeries>();
        for (var s = 0; s < ordered.Length; s++)
        {
            if (kept[s] is { } values) output.Add(new MetricsSeries(ordered[s].Labels, values));
        }
        return output;
    }

    private static double[] NaNs(int length)
    {
        var values = new double[length];
        Array.Fill(values, double.NaN);
        return values;
    }
}
