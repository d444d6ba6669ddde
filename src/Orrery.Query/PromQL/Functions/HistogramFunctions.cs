using System.Globalization;
using Orrery.Query.PromQL.Engine;
using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Query.PromQL.Functions;

/// <summary>
/// histogram_quantile over classic (<c>le</c>-labelled) buckets and native histograms, and the
/// native-histogram accessors histogram_count/sum/avg/stddev/stdvar/fraction.
/// </summary>
internal static class HistogramFunctions
{
    public const string BucketLabel = "le";

    /// <summary><c>histogram_quantile(φ, v)</c>; the output drops <c>le</c> and the metric name.</summary>
    public static void HistogramQuantile(FunctionCall call, List<Sample> output)
    {
        var q = call.Scalars[0];
        // Buckets grouped by all labels but le (the metric name included, as Prometheus keys them).
        var groups = new Dictionary<LabelSet, List<(double UpperBound, double Count)>>();
        var order = new List<LabelSet>();
        List<Sample>? natives = null;
        foreach (var s in call.Vector)
        {
            if (s.IsHistogram)
            {
                (natives ??= []).Add(s);
                continue;
            }
            // A missing or malformed le label: not a bucket, skipped.
            if (!TryParseGoFloat(s.Metric.Get(BucketLabel), out var upperBound)) continue;
            var key = LabelEdits.Without(s.Metric, BucketLabel);
            if (!groups.TryGetValue(key, out var buckets))
            {
                groups[key] = buckets = [];
                order.Add(key);
            }
            buckets.Add((upperBound, s.F));
        }
        if (natives is not null)
        {
            foreach (var s in natives)
            {
                // Classic buckets and a native histogram of the same series: neither is evaluated.
                if (groups.TryGetValue(s.Metric, out var conflicting) && conflicting.Count > 0)
                {
                    groups.Remove(s.Metric);
                    continue;
                }
                output.Add(new Sample(LabelEdits.DropMetricName(s.Metric), call.TimestampMs, NativeQuantile(q, s.H!)));
            }
        }
        foreach (var key in order)
        {
            if (!groups.TryGetValue(key, out var buckets)) continue;
            output.Add(new Sample(LabelEdits.DropMetricName(key), call.TimestampMs, BucketQuantile(q, buckets)));
        }
    }

    /// <summary>Prometheus 2.42's <c>bucketQuantile</c>: sorts, merges equal bounds and forces monotonic counts in place.</summary>
    internal static double BucketQuantile(double q, List<(double UpperBound, double Count)> buckets)
    {
        if (double.IsNaN(q)) return double.NaN;
        if (q < 0) return double.NegativeInfinity;
        if (q > 1) return double.PositiveInfinity;
        buckets.Sort((a, b) => a.UpperBound.CompareTo(b.UpperBound));
        if (!double.IsPositiveInfinity(buckets[^1].UpperBound)) return double.NaN;

        // Coalesce buckets with the same bound (e.g. "1" and "1.0").
        var n = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            if (n > 0 && buckets[n - 1].UpperBound == buckets[i].UpperBound) buckets[n - 1] = (buckets[n - 1].UpperBound, buckets[n - 1].Count + buckets[i].Count);
            else buckets[n++] = buckets[i];
        }
        buckets.RemoveRange(n, buckets.Count - n);

        // Counts must not decrease with the bound (scrapes are not atomic): lift dips to the running maximum.
        var max = double.NegativeInfinity;
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i].Count > max) max = buckets[i].Count;
            else if (buckets[i].Count < max) buckets[i] = (buckets[i].UpperBound, max);
        }

        if (buckets.Count < 2) return double.NaN;
        var observations = buckets[^1].Count;
        if (observations == 0) return double.NaN;
        var rank = q * observations;
        // The first bucket (the +Inf one excluded) whose cumulative count reaches the rank.
        var b = 0;
        while (b < buckets.Count - 1 && !(buckets[b].Count >= rank)) b++;
        if (b == buckets.Count - 1) return buckets[^2].UpperBound;
        if (b == 0 && buckets[0].UpperBound <= 0) return buckets[0].UpperBound;
        double bucketStart = 0;
        var bucketEnd = buckets[b].UpperBound;
        var count = buckets[b].Count;
        if (b > 0)
        {
            bucketStart = buckets[b - 1].UpperBound;
            count -= buckets[b - 1].Count;
            rank -= buckets[b - 1].Count;
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    /// <summary>Prometheus 2.42's <c>histogramQuantile</c>: linear interpolation within the bucket holding the rank.</summary>
    internal static double NativeQuantile(double q, NativeHistogram h)
    {
        if (q < 0) return double.NegativeInfinity;
        if (q > 1) return double.PositiveInfinity;
        if (h.Count == 0 || double.IsNaN(q)) return double.NaN;
        var buckets = new List<NativeBucket>();
        NativeBuckets.AllAscending(h, buckets);
        if (buckets.Count == 0) return double.NaN;
        var rank = q * h.Count;
        double count = 0;
        var bucket = buckets[0];
        foreach (var candidate in buckets)
        {
            bucket = candidate;
            count += bucket.Count;
            if (count >= rank) break;
        }
        bucket = ClampZeroBucket(bucket, h);
        // Rounding can push the running count past the total.
        if (count > h.Count) count = h.Count;
        // Only NaN observations leave the rank unreached.
        if (count < rank) return bucket.Upper;
        rank -= count - bucket.Count;
        return bucket.Lower + (bucket.Upper - bucket.Lower) * (rank / bucket.Count);
    }

    /// <summary>The zero bucket of a histogram with buckets on one side only ends at 0 on the other side.</summary>
    private static NativeBucket ClampZeroBucket(NativeBucket b, NativeHistogram h)
    {
        if (!(b.Lower < 0 && b.Upper > 0)) return b;
        if (h.NegativeBuckets.Length == 0 && h.PositiveBuckets.Length > 0) return b with { Lower = 0 };
        if (h.PositiveBuckets.Length == 0 && h.NegativeBuckets.Length > 0) return b with { Upper = 0 };
        return b;
    }

    /// <summary><c>histogram_fraction(lower, upper, v)</c> over native histograms.</summary>
    public static void HistogramFraction(FunctionCall call, List<Sample> output)
    {
        var lower = call.Scalars[0];
        var upper = call.Scalars[1];
        foreach (var s in call.Vector)
        {
            if (s.H is null) continue;
            output.Add(new Sample(LabelEdits.DropMetricName(s.Metric), call.TimestampMs, Fraction(lower, upper, s.H)));
        }
    }

    /// <summary>Prometheus 2.42's <c>histogramFraction</c>: the share of observations in (lower, upper], interpolating linearly inside buckets.</summary>
    internal static double Fraction(double lower, double upper, NativeHistogram h)
    {
        if (h.Count == 0 || double.IsNaN(lower) || double.IsNaN(upper)) return double.NaN;
        if (lower >= upper) return 0;
        var buckets = new List<NativeBucket>();
        NativeBuckets.AllAscending(h, buckets);
        double rank = 0, lowerRank = 0, upperRank = 0;
        bool lowerSet = false, upperSet = false;
        foreach (var raw in buckets)
        {
            var b = ClampZeroBucket(raw, h);
            if (!lowerSet && b.Lower >= lower)
            {
                lowerRank = rank;
                lowerSet = true;
            }
            if (!upperSet && b.Lower >= upper)
            {
                upperRank = rank;
                upperSet = true;
            }
            if (lowerSet && upperSet) break;
            if (!lowerSet && b.Lower < lower && b.Upper > lower)
            {
                lowerRank = rank + b.Count * (lower - b.Lower) / (b.Upper - b.Lower);
                lowerSet = true;
            }
            if (!upperSet && b.Lower < upper && b.Upper > upper)
            {
                upperRank = rank + b.Count * (upper - b.Lower) / (b.Upper - b.Lower);
                upperSet = true;
            }
            if (lowerSet && upperSet) break;
            rank += b.Count;
        }
        if (!lowerSet || lowerRank > h.Count) lowerRank = h.Count;
        if (!upperSet || upperRank > h.Count) upperRank = h.Count;
        return (upperRank - lowerRank) / h.Count;
    }

    /// <summary>histogram_count/sum/avg/stddev/stdvar: a value per native histogram sample, floats ignored.</summary>
    public static InstantFunction PerHistogram(Func<NativeHistogram, double> f) => (call, output) =>
    {
        foreach (var s in call.Vector)
        {
            if (s.H is null) continue;
            output.Add(new Sample(LabelEdits.DropMetricName(s.Metric), call.TimestampMs, f(s.H)));
        }
    };

    /// <summary>
    /// The variance of the observations estimated from the buckets: each bucket's count sits at
    /// its geometric mean (0 for the zero bucket), measured against the mean sum/count.
    /// </summary>
    internal static double Variance(NativeHistogram h)
    {
        var mean = h.Sum / h.Count;
        double variance = 0, c = 0;
        var buckets = new List<NativeBucket>();
        NativeBuckets.AllAscending(h, buckets);
        foreach (var b in buckets)
        {
            if (b.Count == 0) continue;
            double value;
            if (b.Lower <= 0 && b.Upper >= 0) value = 0;
            else
            {
                value = Math.Sqrt(b.Upper * b.Lower);
                if (b.Upper < 0) value = -value;
            }
            var delta = value - mean;
            KahanSum.Inc(b.Count * delta * delta, ref variance, ref c);
        }
        return (variance + c) / h.Count;
    }

    /// <summary>Go's <c>strconv.ParseFloat</c> for label values: decimal/exponent forms, Inf/Infinity/NaN in any case, no spaces.</summary>
    internal static bool TryParseGoFloat(string text, out double value)
    {
        value = 0;
        if (text.Length == 0) return false;
        var body = text[0] is '+' or '-' ? text[1..] : text;
        var negative = text[0] == '-';
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return text[0] is not ('+' or '-');
        }
        if (body.Length == 0 || !(char.IsAsciiDigit(body[0]) || body[0] == '.')) return false;
        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
    }
}
