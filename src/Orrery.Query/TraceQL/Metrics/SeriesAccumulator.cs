using Orrery.Query.TraceQL.Syntax;

namespace Orrery.Query.TraceQL.Metrics;

/// <summary>
/// The running values of one series, one slot per interval. Created once per distinct group (its
/// by() values and, for histograms, its bucket); every span after that only updates a slot.
/// </summary>
internal sealed class SeriesAccumulator(byte[] key, int groupKeyLength, StaticValue[] groupValues, double bucket, int intervals, bool withCounts, double initial)
{
    /// <summary>The encoded group values and bucket; the first <see cref="GroupKeyLength"/> bytes are the group alone.</summary>
    public byte[] Key { get; } = key;

    public int GroupKeyLength { get; } = groupKeyLength;

    /// <summary>One value per by() field, nil where the span had none.</summary>
    public StaticValue[] GroupValues { get; } = groupValues;

    /// <summary>The histogram bucket's upper bound, or NaN when the function has no buckets.</summary>
    public double Bucket { get; } = bucket;

    public double[] Values { get; } = Filled(intervals, initial);

    /// <summary>Span counts per interval, kept for avg_over_time only.</summary>
    public double[]? Counts { get; } = withCounts ? new double[intervals] : null;

    private static double[] Filled(int length, double value)
    {
        var values = new double[length];
        if (value != 0) Array.Fill(values, value);
        return values;
    }
}
