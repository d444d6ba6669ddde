namespace Orrery.Pipeline.Connectors;

/// <summary>
/// A cumulative classic histogram: a count per bucket (<c>value &lt;= le</c>, as Prometheus
/// buckets are), sum and count, plus exemplar candidates per bucket (the last is +Inf).
/// </summary>
internal sealed class ExplicitHistogram
{
    private readonly double[] _bounds;
    private readonly long[] _counts;

    public ExplicitHistogram(double[] bounds, int exemplarsPerBucket)
    {
        _bounds = bounds;
        _counts = new long[bounds.Length + 1];
        Exemplars = new ExemplarSlots(bounds.Length + 1, exemplarsPerBucket);
    }

    public ReadOnlySpan<double> Bounds => _bounds;

    public double Sum { get; private set; }

    public long Count { get; private set; }

    public ExemplarSlots Exemplars { get; }

    /// <summary>Records a value; returns its bucket (for the exemplar).</summary>
    public int Observe(double value)
    {
        var i = _bounds.AsSpan().BinarySearch(value);
        // BinarySearch gives the exact bound's index (le is inclusive) or the complement of the next larger one.
        var bucket = i >= 0 ? i : ~i;
        _counts[bucket]++;
        Sum += value;
        Count++;
        return bucket;
    }

    /// <summary>Cumulative count of bucket <paramref name="bucket"/> (the last is +Inf, equal to <see cref="Count"/>).</summary>
    public long Cumulative(int bucket)
    {
        long c = 0;
        for (var i = 0; i <= bucket; i++) c += _counts[i];
        return c;
    }
}
