using Orrery.Signals.Metrics;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// Merges iterators by timestamp; a timestamp present in several yields once, from the first
/// iterator that has it (sources are ordered oldest storage first, so a block's sample wins over
/// a head copy of it). Used only when a series' chunks overlap (out-of-order data, a block cut
/// twice after a crash), so the linear scan over a handful of sources is cheap.
/// </summary>
internal sealed class MergeSampleIterator(ISampleIterator[] sources) : ISampleIterator
{
    private readonly SampleKind[] _kinds = new SampleKind[sources.Length];
    private bool _started;
    private int _current = -1;

    public long TimestampMs => sources[_current].TimestampMs;

    public double Value => sources[_current].Value;

    public NativeHistogram Histogram(NativeHistogram? into = null) => sources[_current].Histogram(into);

    public SampleKind Next()
    {
        if (!_started)
        {
            _started = true;
            for (var i = 0; i < sources.Length; i++) _kinds[i] = sources[i].Next();
            return Pick();
        }
        if (_current < 0) return SampleKind.None;
        var t = sources[_current].TimestampMs;
        for (var i = 0; i < sources.Length; i++)
        {
            if (_kinds[i] != SampleKind.None && sources[i].TimestampMs == t) _kinds[i] = sources[i].Next();
        }
        return Pick();
    }

    public SampleKind Seek(long timestampMs)
    {
        if (_started && _current >= 0 && sources[_current].TimestampMs >= timestampMs) return _kinds[_current];
        for (var i = 0; i < sources.Length; i++)
        {
            if (!_started || (_kinds[i] != SampleKind.None && sources[i].TimestampMs < timestampMs)) _kinds[i] = sources[i].Seek(timestampMs);
        }
        _started = true;
        return Pick();
    }

    private SampleKind Pick()
    {
        _current = -1;
        var best = long.MaxValue;
        for (var i = 0; i < sources.Length; i++)
        {
            if (_kinds[i] == SampleKind.None) continue;
            var t = sources[i].TimestampMs;
            if (_current < 0 || t < best)
            {
                best = t;
                _current = i;
            }
        }
        return _current < 0 ? SampleKind.None : _kinds[_current];
    }
}
