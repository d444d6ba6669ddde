using Orrery.Signals.Metrics;

namespace Orrery.Query.PromQL.Functions;

/// <summary>
/// Native histogram arithmetic as Prometheus's <c>FloatHistogram</c> does it: operands of
/// different schemas are reduced to the coarser one, the zero bucket widened to the larger
/// threshold (absorbing the buckets it then covers), spans merged. Results are new instances
/// whose spans hold no empty bucket.
/// </summary>
public static class HistogramMath
{
    public static NativeHistogram Add(NativeHistogram a, NativeHistogram b) => Combine(a, b, 1);

    public static NativeHistogram Sub(NativeHistogram a, NativeHistogram b) => Combine(a, b, -1);

    /// <summary>A copy of <paramref name="h"/> at <paramref name="schema"/> when that is coarser (otherwise an unchanged copy).</summary>
    public static NativeHistogram ReduceTo(NativeHistogram h, int schema)
    {
        ArgumentNullException.ThrowIfNull(h);
        if (schema >= h.Schema) return h.Clone();
        var result = Combine(h, new NativeHistogram { Schema = schema, ZeroThreshold = h.ZeroThreshold }, 1);
        result.ResetHint = h.ResetHint;
        return result;
    }

    /// <summary>Multiplies counts, sum and every bucket by <paramref name="factor"/> (division is scaling by 1/x).</summary>
    public static NativeHistogram Scale(NativeHistogram h, double factor)
    {
        ArgumentNullException.ThrowIfNull(h);
        var result = h.Clone();
        result.Count *= factor;
        result.Sum *= factor;
        result.ZeroCount *= factor;
        for (var i = 0; i < result.PositiveBuckets.Length; i++) result.PositiveBuckets[i] *= factor;
        for (var i = 0; i < result.NegativeBuckets.Length; i++) result.NegativeBuckets[i] *= factor;
        return result;
    }

    /// <summary>
    /// Whether <paramref name="current"/> follows a counter reset after <paramref name="previous"/>
    /// (Prometheus's <c>FloatHistogram.DetectReset</c>): the hint decides when it is explicit;
    /// otherwise any count, zero bucket or bucket going down, a finer schema or a smaller zero
    /// threshold is a reset.
    /// </summary>
    public static bool DetectReset(NativeHistogram current, NativeHistogram previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);
        if (current.ResetHint == CounterResetHint.CounterReset) return true;
        if (current.ResetHint == CounterResetHint.NotCounterReset) return false;
        if (current.Count < previous.Count) return true;
        if (current.Schema > previous.Schema) return true;
        if (current.ZeroThreshold < previous.ZeroThreshold) return true;
        var threshold = WidenedThreshold(current.ZeroThreshold, previous);
        if (threshold != current.ZeroThreshold) return true; // The threshold cuts a populated bucket of the previous sample.
        if (current.ZeroCount < ZeroCountAt(previous, threshold)) return true;
        var fold = FoldBelow(previous, threshold);
        return SideWentDown(previous.PositiveSpans, previous.PositiveBuckets, current.PositiveSpans, current.PositiveBuckets, previous.Schema, current.Schema, fold)
            || SideWentDown(previous.NegativeSpans, previous.NegativeBuckets, current.NegativeSpans, current.NegativeBuckets, previous.Schema, current.Schema, fold);
    }

    /// <summary>Value equality as Prometheus's <c>FloatHistogram.Equals</c> (sum compared bitwise, empty buckets ignored).</summary>
    public static bool Equal(NativeHistogram a, NativeHistogram b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Schema != b.Schema || a.ZeroThreshold != b.ZeroThreshold || a.ZeroCount != b.ZeroCount
            || a.Count != b.Count || BitConverter.DoubleToInt64Bits(a.Sum) != BitConverter.DoubleToInt64Bits(b.Sum)) return false;
        return SameBuckets(Flatten(a.PositiveSpans, a.PositiveBuckets, a.Schema, a.Schema, -1), Flatten(b.PositiveSpans, b.PositiveBuckets, b.Schema, b.Schema, -1))
            && SameBuckets(Flatten(a.NegativeSpans, a.NegativeBuckets, a.Schema, a.Schema, -1), Flatten(b.NegativeSpans, b.NegativeBuckets, b.Schema, b.Schema, -1));
    }

    private static NativeHistogram Combine(NativeHistogram a, NativeHistogram b, double sign)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var schema = Math.Min(a.Schema, b.Schema);
        var threshold = ReconciledThreshold(a, b);
        var positive = Merge(
            Flatten(a.PositiveSpans, a.PositiveBuckets, a.Schema, schema, FoldBelow(a, threshold)),
            Flatten(b.PositiveSpans, b.PositiveBuckets, b.Schema, schema, FoldBelow(b, threshold)), sign);
        var negative = Merge(
            Flatten(a.NegativeSpans, a.NegativeBuckets, a.Schema, schema, FoldBelow(a, threshold)),
            Flatten(b.NegativeSpans, b.NegativeBuckets, b.Schema, schema, FoldBelow(b, threshold)), sign);
        var result = new NativeHistogram
        {
            Schema = schema,
            ZeroThreshold = threshold,
            ZeroCount = ZeroCountAt(a, threshold) + sign * ZeroCountAt(b, threshold),
            Count = a.Count + sign * b.Count,
            Sum = a.Sum + sign * b.Sum,
            ResetHint = a.ResetHint,
        };
        (result.PositiveSpans, result.PositiveBuckets) = ToSpans(positive);
        (result.NegativeSpans, result.NegativeBuckets) = ToSpans(negative);
        return result;
    }

    /// <summary>
    /// The common zero threshold of two histograms: the larger one, widened to the upper edge
    /// of any populated bucket it would cut in half (as <c>reconcileZeroBuckets</c> does).
    /// </summary>
    private static double ReconciledThreshold(NativeHistogram a, NativeHistogram b)
    {
        var threshold = Math.Max(a.ZeroThreshold, b.ZeroThreshold);
        while (true)
        {
            var widened = WidenedThreshold(WidenedThreshold(threshold, a), b);
            if (widened == threshold) return threshold;
            threshold = widened;
        }
    }

    /// <summary>The threshold widened so it cuts no populated bucket of <paramref name="h"/>.</summary>
    private static double WidenedThreshold(double threshold, NativeHistogram h)
    {
        if (threshold <= h.ZeroThreshold) return threshold;
        var result = threshold;
        void Visit(int index, double count)
        {
            var lower = NativeBuckets.UpperBound(index - 1, h.Schema);
            var upper = NativeBuckets.UpperBound(index, h.Schema);
            if (count != 0 && lower < result && upper > result) result = upper;
        }
        // Widening can reveal another cut bucket, so repeat until stable.
        double before;
        do
        {
            before = result;
            NativeBuckets.ForEach(h.PositiveSpans, h.PositiveBuckets, Visit);
            NativeBuckets.ForEach(h.NegativeSpans, h.NegativeBuckets, Visit);
        }
        while (result != before);
        return result;
    }

    /// <summary>The threshold below which <paramref name="h"/>'s buckets fold into the zero bucket, or -1 when none do.</summary>
    private static double FoldBelow(NativeHistogram h, double threshold) => threshold > h.ZeroThreshold ? threshold : -1;

    /// <summary>The zero count of <paramref name="h"/> with every bucket below <paramref name="threshold"/> folded in.</summary>
    private static double ZeroCountAt(NativeHistogram h, double threshold)
    {
        var count = h.ZeroCount;
        if (threshold <= h.ZeroThreshold) return count;
        void Visit(int index, double c)
        {
            if (NativeBuckets.UpperBound(index - 1, h.Schema) < threshold) count += c;
        }
        NativeBuckets.ForEach(h.PositiveSpans, h.PositiveBuckets, Visit);
        NativeBuckets.ForEach(h.NegativeSpans, h.NegativeBuckets, Visit);
        return count;
    }

    /// <summary>
    /// One side's buckets as (index at <paramref name="toSchema"/>, count), ascending, skipping
    /// buckets whose lower edge is below <paramref name="foldBelow"/> (they went into the zero bucket; -1 keeps all).
    /// </summary>
    private static List<(int Index, double Count)> Flatten(BucketSpanRow[] spans, double[] buckets, int fromSchema, int toSchema, double foldBelow)
    {
        var list = new List<(int Index, double Count)>(buckets.Length);
        NativeBuckets.ForEach(spans, buckets, (index, count) =>
        {
            if (foldBelow >= 0 && NativeBuckets.UpperBound(index - 1, fromSchema) < foldBelow) return;
            var target = NativeBuckets.Reduce(index, fromSchema, toSchema);
            if (list.Count > 0 && list[^1].Index == target) list[^1] = (target, list[^1].Count + count);
            else list.Add((target, count));
        });
        return list;
    }

    private static List<(int Index, double Count)> Merge(List<(int Index, double Count)> a, List<(int Index, double Count)> b, double sign)
    {
        var merged = new List<(int Index, double Count)>(a.Count + b.Count);
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            if (j >= b.Count || (i < a.Count && a[i].Index < b[j].Index)) merged.Add(a[i++]);
            else if (i >= a.Count || b[j].Index < a[i].Index) { merged.Add((b[j].Index, sign * b[j].Count)); j++; }
            else { merged.Add((a[i].Index, a[i].Count + sign * b[j].Count)); i++; j++; }
        }
        return merged;
    }

    /// <summary>Spans and counts from ascending (index, count) pairs; empty buckets are left out.</summary>
    private static (BucketSpanRow[] Spans, double[] Buckets) ToSpans(List<(int Index, double Count)> buckets)
    {
        var spans = new List<BucketSpanRow>();
        var counts = new List<double>(buckets.Count);
        var nextIndex = 0;
        foreach (var (index, count) in buckets)
        {
            if (count == 0) continue;
            if (spans.Count > 0 && index == nextIndex)
            {
                var last = spans[^1];
                last.Length++;
                spans[^1] = last;
            }
            else
            {
                spans.Add(new BucketSpanRow { Offset = spans.Count == 0 ? index : index - nextIndex, Length = 1 });
            }
            counts.Add(count);
            nextIndex = index + 1;
        }
        return (spans.ToArray(), counts.ToArray());
    }

    private static bool SideWentDown(BucketSpanRow[] prevSpans, double[] prevBuckets, BucketSpanRow[] currSpans, double[] currBuckets, int prevSchema, int currSchema, double prevFoldBelow)
    {
        var prev = Flatten(prevSpans, prevBuckets, prevSchema, currSchema, prevFoldBelow);
        var curr = Flatten(currSpans, currBuckets, currSchema, currSchema, -1);
        var j = 0;
        foreach (var (index, count) in prev)
        {
            if (count == 0) continue;
            while (j < curr.Count && curr[j].Index < index) j++;
            var currCount = j < curr.Count && curr[j].Index == index ? curr[j].Count : 0;
            if (currCount < count) return true;
        }
        return false;
    }

    private static bool SameBuckets(List<(int Index, double Count)> a, List<(int Index, double Count)> b)
    {
        a.RemoveAll(x => x.Count == 0);
        b.RemoveAll(x => x.Count == 0);
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Index != b[i].Index || a[i].Count != b[i].Count) return false;
        }
        return true;
    }
}
