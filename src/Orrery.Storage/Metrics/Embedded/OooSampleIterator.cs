using Orrery.Signals.Metrics;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>Walks a sorted snapshot of a series' out-of-order samples.</summary>
internal sealed class OooSampleIterator(OooSample[] samples) : ISampleIterator
{
    private int _index = -1;

    private ref readonly OooSample Current => ref samples[_index];

    public long TimestampMs => Current.TimestampMs;

    public double Value => Current.Value;

    public NativeHistogram Histogram(NativeHistogram? into = null) => Current.Histogram!.Clone();

    public SampleKind Next()
    {
        if (_index < samples.Length) _index++;
        return Kind;
    }

    public SampleKind Seek(long timestampMs)
    {
        if (_index < 0) _index = 0;
        while (_index < samples.Length && samples[_index].TimestampMs < timestampMs) _index++;
        return Kind;
    }

    private SampleKind Kind => _index >= samples.Length ? SampleKind.None : samples[_index].Histogram is null ? SampleKind.Float : SampleKind.Histogram;
}
