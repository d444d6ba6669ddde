namespace Orrery.Signals.Metrics;

/// <summary>
/// A native histogram value on the read side (what a sample iterator yields and PromQL
/// evaluates): the fields of <see cref="HistogramRow"/> with its own bucket arrays. Counts are
/// absolute. Mutable so an iterator can refill one instance per sample; copy with
/// <see cref="Clone"/> to keep it.
/// </summary>
public sealed class NativeHistogram
{
    public int Schema { get; set; }
    public double ZeroThreshold { get; set; }
    public double ZeroCount { get; set; }
    public double Count { get; set; }
    public double Sum { get; set; }
    public CounterResetHint ResetHint { get; set; }
    public BucketSpanRow[] PositiveSpans { get; set; } = [];
    public double[] PositiveBuckets { get; set; } = [];
    public BucketSpanRow[] NegativeSpans { get; set; } = [];
    public double[] NegativeBuckets { get; set; } = [];

    public NativeHistogram Clone() => new()
    {
        Schema = Schema,
        ZeroThreshold = ZeroThreshold,
        ZeroCount = ZeroCount,
        Count = Count,
        Sum = Sum,
        ResetHint = ResetHint,
        PositiveSpans = (BucketSpanRow[])PositiveSpans.Clone(),
        PositiveBuckets = (double[])PositiveBuckets.Clone(),
        NegativeSpans = (BucketSpanRow[])NegativeSpans.Clone(),
        NegativeBuckets = (double[])NegativeBuckets.Clone(),
    };
}
