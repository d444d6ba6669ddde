using Orrery.Signals.Labels;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// A tenant's exemplars: a fixed-size ring (Prometheus's circular exemplar storage), the oldest
/// overwritten first, so memory is bounded whatever the write rate. Each entry points at its
/// head series. Thread-safe.
/// </summary>
internal sealed class ExemplarBuffer(int capacity)
{
    private readonly Entry[] _entries = new Entry[Math.Max(1, capacity)];
    private readonly Lock _sync = new();
    private int _next;
    private int _count;

    public int Count
    {
        get
        {
            lock (_sync) return _count;
        }
    }

    /// <summary>Adds one unless it is not newer than the series' newest (a resend, or out of order); false then.</summary>
    public bool Add(HeadSeries series, long timestampMs, double value, LabelSet labels)
    {
        lock (_sync)
        {
            if (timestampMs <= series.LastExemplarMs) return false;
            series.LastExemplarMs = timestampMs;
            _entries[_next] = new Entry(series, timestampMs, value, labels);
            _next = (_next + 1) % _entries.Length;
            if (_count < _entries.Length) _count++;
            return true;
        }
    }

    /// <summary>Every stored exemplar, oldest first.</summary>
    public Entry[] ToArray()
    {
        lock (_sync)
        {
            var result = new Entry[_count];
            var start = (_next - _count + _entries.Length) % _entries.Length;
            for (var i = 0; i < _count; i++) result[i] = _entries[(start + i) % _entries.Length];
            return result;
        }
    }

    public readonly record struct Entry(HeadSeries Series, long TimestampMs, double Value, LabelSet Labels);
}
