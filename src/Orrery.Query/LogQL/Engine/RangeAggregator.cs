using Orrery.Query.LogQL.Pipeline;
using Orrery.Query.LogQL.Syntax;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Storage.Logs;

namespace Orrery.Query.LogQL.Engine;

/// <summary>
/// Range aggregations (<c>count_over_time</c>, <c>rate</c>, … <c>quantile_over_time</c>): the
/// lines of the selector become samples grouped into series by their labels after the
/// pipeline, then each step <c>t</c> aggregates the samples in <c>(t - offset - range, t - offset]</c>,
/// Loki's window (left-open, so consecutive windows never count a line twice).
/// </summary>
internal static class RangeAggregator
{
    public const string SampleExtractionError = "SampleExtractionErr";

    private sealed class Samples
    {
        public readonly List<long> Times = [];
        public readonly List<double> Values = [];
    }

    /// <param name="seriesGrouping">
    /// When set, samples are grouped by these labels as they are read, instead of by the range
    /// aggregation's own grouping: the caller proved the enclosing vector aggregation gives the
    /// same answer (a sum of counts is the count of the union).
    /// </param>
    public static VectorSteps Evaluate(RangeAggregationExpr expr, EvalContext context, Grouping? seriesGrouping = null)
    {
        var range = expr.Range;
        var steps = context.Steps;
        var pipeline = LogPipeline.Compile(range.Selector.Stages);
        var postFilters = range.Unwrap is null ? null : LogPipeline.Compile([], range.Unwrap.PostFilters);
        var series = new Dictionary<LabelSet, Samples>();
        var selection = new TimeRange(steps[0] - range.OffsetNs - range.RangeNs + 1, steps[^1] - range.OffsetNs);
        var counting = expr.Op is "count_over_time" or "absent_over_time" || (expr.Op == "rate" && range.Unwrap is null);
        var bytes = expr.Op is "bytes_over_time" or "bytes_rate";
        var labelCache = new SeriesLabelCache(seriesGrouping ?? expr.Grouping);

        context.Scanner.Scan(range.Selector, pipeline, selection, LogDirection.Forward, ordered: false, line =>
        {
            double value = 1;
            if (bytes) value = line.ByteLength;
            else if (range.Unwrap is { } unwrap)
            {
                // A missing label converts as "" and fails, as in Loki: the line gets an error
                // rather than silently vanishing from the aggregate.
                var text = line.Label(unwrap.Label) ?? "";
                if (!TryConvert(unwrap.Conversion, text, out value))
                {
                    line.SetError(SampleExtractionError, $"cannot convert {Ops.Quote(text)} for unwrap {unwrap.Label}");
                    value = 0;
                }
                line.Remove(unwrap.Label);
                if (!postFilters!.Process(line)) return true;
            }
            var labels = labelCache.Get(line);
            if (labels.Has(LogLine.ErrorLabel)) throw PipelineError(labels);
            if (!series.TryGetValue(labels, out var samples))
            {
                samples = new Samples();
                series.Add(labels, samples);
            }
            samples.Times.Add(line.TimestampNs);
            if (!counting) samples.Values.Add(value);
            if (++context.SamplesHeld > context.Limits.MaxSamples)
                throw new LogQLException($"the query holds more than {context.Limits.MaxSamples} samples (max samples); use a shorter range or fewer series");
            return true;
        });

        var result = new List<StepSeries>(series.Count);
        foreach (var (labels, samples) in series)
        {
            var stepSeries = Aggregate(expr, labels, samples, steps, counting);
            if (stepSeries.Any()) result.Add(stepSeries);
        }
        if (expr.Op == "absent_over_time") return Absent(range.Selector, result, steps.Length);
        return new VectorSteps(result);
    }

    internal static LogQLException PipelineError(LabelSet labels)
    {
        var error = labels.Get(LogLine.ErrorLabel);
        return new LogQLException(
            $"pipeline error: '{error}' for series: '{labels}'. Use a label filter to intentionally skip this error. (e.g | __error__!=\"{error}\"). "
            + "To skip all potential errors you can match empty errors.(e.g __error__=\"\") The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__=\"\" )");
    }

    private static bool TryConvert(string? conversion, string text, out double value) => conversion switch
    {
        "duration" or "duration_seconds" => LabelFilter.TryConvert(NumericKind.Duration, text, out value),
        "bytes" => LabelFilter.TryConvert(NumericKind.Bytes, text, out value),
        _ => LabelFilter.TryConvert(NumericKind.Number, text, out value),
    };

    private static StepSeries Aggregate(RangeAggregationExpr expr, LabelSet labels, Samples samples, long[] steps, bool counting)
    {
        var count = samples.Times.Count;
        var times = samples.Times.ToArray();
        var values = counting ? [] : samples.Values.ToArray();
        // Lines of one stream arrive in time order; only series merged from several streams need sorting.
        if (!IsSorted(times))
        {
            if (counting) Array.Sort(times);
            else Array.Sort(times, values);
        }

        var range = expr.Range;
        var rangeSeconds = range.RangeNs / 1e9;
        var output = new StepSeries(labels, steps.Length);
        int lo = 0, hi = 0;
        for (var s = 0; s < steps.Length; s++)
        {
            var end = steps[s] - range.OffsetNs;
            var start = end - range.RangeNs;
            while (hi < count && times[hi] <= end) hi++;
            while (lo < hi && times[lo] <= start) lo++;
            var n = hi - lo;
            if (n == 0) continue;
            var window = counting ? default : new ReadOnlySpan<double>(values, lo, n);
            if (expr.Op == "rate_counter" && n < 2) continue; // no rate from fewer than two points
            output.Set(s, expr.Op switch
            {
                "count_over_time" or "absent_over_time" => n,
                "rate" => counting ? n / rangeSeconds : Sum(window) / rangeSeconds,
                "bytes_over_time" or "sum_over_time" => Sum(window),
                "bytes_rate" => Sum(window) / rangeSeconds,
                "avg_over_time" => Sum(window) / n,
                "min_over_time" => Min(window),
                "max_over_time" => Max(window),
                "stddev_over_time" => Math.Sqrt(Variance(window)),
                "stdvar_over_time" => Variance(window),
                "quantile_over_time" => Quantile(expr.Parameter ?? 0, window),
                "first_over_time" => window[0],
                "last_over_time" => window[^1],
                "rate_counter" => CounterRate(new ReadOnlySpan<long>(times, lo, n), window, start, end),
                _ => throw new LogQLException($"unsupported range aggregation {expr.Op}"),
            });
        }
        return output;
    }

    /// <summary>
    /// <c>rate_counter</c>: the values are readings of a counter. Prometheus's extrapolated rate:
    /// the increase (a drop is a reset, so the value before it is added back), extrapolated to
    /// the window's edges when the first/last points are within 1.1 average intervals of them
    /// (else by half an interval), never below zero at the start, per second of the range.
    /// </summary>
    internal static double CounterRate(ReadOnlySpan<long> times, ReadOnlySpan<double> values, long windowStart, long windowEnd)
    {
        var increase = values[^1] - values[0];
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < values[i - 1]) increase += values[i - 1];
        }
        var sampled = (times[^1] - times[0]) / 1e9;
        var toStart = (times[0] - windowStart) / 1e9;
        var toEnd = (windowEnd - times[^1]) / 1e9;
        var averageInterval = sampled / (values.Length - 1);
        if (increase > 0 && values[0] >= 0)
        {
            var toZero = sampled * (values[0] / increase);
            if (toZero < toStart) toStart = toZero;
        }
        var threshold = averageInterval * 1.1;
        var interval = sampled;
        interval += toStart < threshold ? toStart : averageInterval / 2;
        interval += toEnd < threshold ? toEnd : averageInterval / 2;
        return sampled == 0 ? 0 : increase * (interval / sampled) / ((windowEnd - windowStart) / 1e9);
    }

    private static bool IsSorted(long[] times)
    {
        for (var i = 1; i < times.Length; i++)
        {
            if (times[i] < times[i - 1]) return false;
        }
        return true;
    }

    private static VectorSteps Absent(LogSelectorExpr selector, List<StepSeries> present, int steps)
    {
        var labels = LabelSet.From(selector.Matchers.Where(m => m.Type == Signals.Labels.MatchType.Equal).Select(m => new Label(m.Name, m.Value)));
        var absent = new StepSeries(labels, steps);
        for (var s = 0; s < steps; s++)
        {
            if (!present.Any(p => p.Present[s])) absent.Set(s, 1);
        }
        return new VectorSteps(absent.Any() ? [absent] : []);
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        return sum;
    }

    private static double Min(ReadOnlySpan<double> values)
    {
        var min = values[0];
        foreach (var v in values) min = v < min || double.IsNaN(min) ? v : min;
        return min;
    }

    private static double Max(ReadOnlySpan<double> values)
    {
        var max = values[0];
        foreach (var v in values) max = v > max || double.IsNaN(max) ? v : max;
        return max;
    }

    /// <summary>Population variance, computed with Welford's method for stability.</summary>
    internal static double Variance(ReadOnlySpan<double> values)
    {
        double mean = 0, m2 = 0;
        var n = 0;
        foreach (var v in values)
        {
            n++;
            var delta = v - mean;
            mean += delta / n;
            m2 += delta * (v - mean);
        }
        return m2 / n;
    }

    /// <summary>Prometheus's quantile: linear interpolation between the closest ranks.</summary>
    internal static double Quantile(double q, ReadOnlySpan<double> values)
    {
        if (values.Length == 0 || double.IsNaN(q)) return double.NaN;
        if (q < 0) return double.NegativeInfinity;
        if (q > 1) return double.PositiveInfinity;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var rank = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var weight = rank - lower;
        return (sorted[lower] * (1 - weight)) + (sorted[upper] * weight);
    }
}
