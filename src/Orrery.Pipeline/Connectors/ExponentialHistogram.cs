using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Pipeline.Connectors;

/// <summary>
/// A cumulative Prometheus native histogram of positive values (durations): buckets at schema
/// s have upper bounds 2^(i·2^-s); values at or below the zero threshold go to the zero bucket.
/// It starts at the finest schema (8) and halves the resolution whenever the buckets in use
/// would span more than <c>maxSize</c>, as the collector's exponential histograms rescale.
/// </summary>
internal sealed class ExponentialHistogram(int maxSize)
{
    public const int MaxSchema = 8;
    public const int MinSchema = -4;
    /// <summary>Prometheus's default zero threshold, 2^-128.</summary>
    public static readonly double ZeroThreshold = Math.Pow(2, -128);

    private double[] _counts = new double[16];
    private int _minIndex;
    private int _used; // buckets from _minIndex on; 0 when empty

    public int Schema { get; private set; } = MaxSchema;
    public double ZeroCount { get; private set; }
    public double Count { get; private set; }
    public double Sum { get; private set; }
    public ExemplarSlots Exemplars { get; } = new(1, 4);

    public void Observe(double value)
    {
        Count++;
        Sum += value;
        if (value <= ZeroThreshold)
        {
            ZeroCount++;
            return;
        }
        var index = IndexOf(value, Schema);
        while (_used > 0 && Math.Max(index, _minIndex + _used - 1) - Math.Min(index, _minIndex) + 1 > maxSize && Schema > MinSchema)
        {
            Downscale();
            index = IndexOf(value, Schema);
        }
        Place(index, 1);
    }

    /// <summary>The bucket of <paramref name="value"/>: the i with 2^((i-1)·2^-s) &lt; value &lt;= 2^(i·2^-s).</summary>
    public static int IndexOf(double value, int schema)
    {
        var scale = Math.Pow(2, schema);
        var index = (int)Math.Ceiling(Math.Log2(value) * scale);
        // Log2 rounds: nudge so that exact powers land in the bucket they bound.
        if (UpperBound(index - 1, schema) >= value) index--;
        else if (UpperBound(index, schema) < value) index++;
        return index;
    }

    public static double UpperBound(int index, int schema) => Math.Pow(2, index / Math.Pow(2, schema));

    /// <summary>Appends the positive buckets as one span (zero-count buckets inside it are allowed) and fills the row.</summary>
    public void WriteTo(MetricBatch batch, ref HistogramRow row)
    {
        row.Schema = Schema;
        row.ZeroThreshold = ZeroThreshold;
        row.ZeroCount = ZeroCount;
        row.Count = Count;
        row.Sum = Sum;
        row.NegativeSpans = new RowRange(batch.BucketSpans.Count, 0);
        row.NegativeBuckets = new RowRange(batch.BucketCounts.Count, 0);
        if (_used == 0)
        {
            row.PositiveSpans = new RowRange(batch.BucketSpans.Count, 0);
            row.PositiveBuckets = new RowRange(batch.BucketCounts.Count, 0);
            return;
        }
        row.PositiveSpans = new RowRange(batch.BucketSpans.Add(new BucketSpanRow { Offset = _minIndex, Length = (uint)_used }), 1);
        var start = batch.BucketCounts.Count;
        batch.BucketCounts.AddRange(_counts.AsSpan(0, _used));
        row.PositiveBuckets = new RowRange(start, _used);
    }

    private void Place(int index, double count)
    {
        if (_used == 0)
        {
            _minIndex = index;
            _used = 1;
            _counts[0] = count;
            return;
        }
        if (index < _minIndex)
        {
            var shift = _minIndex - index;
            Grow(_used + shift);
            Array.Copy(_counts, 0, _counts, shift, _used);
            Array.Clear(_counts, 0, shift);
            _minIndex = index;
            _used += shift;
        }
        else if (index >= _minIndex + _used)
        {
            Grow(index - _minIndex + 1);
            _used = index - _minIndex + 1;
        }
        _counts[index - _minIndex] += count;
    }

    /// <summary>Halves the resolution: bucket i of schema s falls in bucket ceil(i/2) of schema s-1.</summary>
    private void Downscale()
    {
        var old = _counts.AsSpan(0, _used).ToArray();
        var oldMin = _minIndex;
        Array.Clear(_counts);
        _used = 0;
        Schema--;
        for (var i = 0; i < old.Length; i++)
        {
            if (old[i] != 0) Place((oldMin + i + 1) >> 1, old[i]);
        }
    }

    private void Grow(int size)
    {
        if (size > _counts.Length) Array.Resize(ref _counts, Math.Max(size, _counts.Length * 2));
    }
}
