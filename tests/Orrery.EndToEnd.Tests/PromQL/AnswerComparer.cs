using System.Globalization;

namespace Orrery.EndToEnd.Tests.PromQL;

/// <summary>
/// Compares Orrery's answer with Prometheus's: the same error type, or the same result type, the
/// same series with the same labels, the same timestamps and values equal within 1e-9 relative
/// (NaN equal to NaN). Series order counts only where PromQL defines it.
/// </summary>
internal static class AnswerComparer
{
    public const double RelativeTolerance = 1e-9;

    /// <summary>Null when the answers agree, else the first difference in words.</summary>
    public static string? FirstDifference(QueryAnswer prometheus, QueryAnswer orrery, bool ordered)
    {
        if (prometheus.IsError || orrery.IsError)
        {
            if (prometheus.ErrorType == orrery.ErrorType) return null;
            return $"prometheus {Describe(prometheus)}; orrery {Describe(orrery)}";
        }
        if (prometheus.ResultType != orrery.ResultType) return $"result type: prometheus {prometheus.ResultType}, orrery {orrery.ResultType}";
        if (prometheus.ResultType == "string" && prometheus.Text != orrery.Text) return $"string: prometheus \"{prometheus.Text}\", orrery \"{orrery.Text}\"";
        if (ordered)
        {
            var expectedValues = prometheus.Series.Select(s => s.Points[0].Value).ToList();
            var actualValues = orrery.Series.Select(s => s.Points[0].Value).ToList();
            if (expectedValues.Count == actualValues.Count && !expectedValues.Zip(actualValues).All(p => Same(p.First, p.Second)))
                return $"order of values: prometheus [{Join(expectedValues)}], orrery [{Join(actualValues)}]";
        }
        var expected = ByLabels(prometheus, "prometheus", out var duplicate);
        if (duplicate is not null) return duplicate;
        var actual = ByLabels(orrery, "orrery", out duplicate);
        if (duplicate is not null) return duplicate;
        var missing = expected.Keys.Where(k => !actual.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var extra = actual.Keys.Where(k => !expected.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            return $"series: {expected.Count} in prometheus, {actual.Count} in orrery; missing in orrery {Some(missing)}; only in orrery {Some(extra)}";
        foreach (var (labels, points) in expected.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var other = actual[labels];
            for (var i = 0; i < Math.Max(points.Count, other.Count); i++)
            {
                if (i >= points.Count) return $"{labels}: orrery has an extra point {Point(other[i])}";
                if (i >= other.Count) return $"{labels}: orrery lacks the point {Point(points[i])}";
                var (p, o) = (points[i], other[i]);
                if (p.TimestampMs != o.TimestampMs || p.Histogram != o.Histogram || !Same(p.Value, o.Value))
                    return $"{labels}: point {i}: prometheus {Point(p)}, orrery {Point(o)}";
            }
        }
        return null;
    }

    public static bool Same(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b);
        if (a == b) return true;
        return Math.Abs(a - b) <= RelativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b));
    }

    private static Dictionary<string, IReadOnlyList<AnswerPoint>> ByLabels(QueryAnswer answer, string who, out string? duplicate)
    {
        duplicate = null;
        var map = new Dictionary<string, IReadOnlyList<AnswerPoint>>(StringComparer.Ordinal);
        foreach (var series in answer.Series)
        {
            if (!map.TryAdd(series.Labels, series.Points)) duplicate = $"{who} answered the series {series.Labels} twice";
        }
        return map;
    }

    private static string Describe(QueryAnswer answer) => answer.IsError
        ? $"error {answer.ErrorType} ({answer.Status}): {answer.Error}"
        : $"success ({answer.ResultType}, {answer.Series.Count} series)";

    private static string Point(AnswerPoint point) =>
        $"[{(point.TimestampMs / 1000.0).ToString(CultureInfo.InvariantCulture)}, {point.Histogram ?? point.Value.ToString("R", CultureInfo.InvariantCulture)}]";

    private static string Join(IEnumerable<double> values) => string.Join(", ", values.Take(10).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static string Some(List<string> labels) => labels.Count == 0 ? "none" : string.Join(" ", labels.Take(3)) + (labels.Count > 3 ? $" (+{labels.Count - 3})" : "");
}
