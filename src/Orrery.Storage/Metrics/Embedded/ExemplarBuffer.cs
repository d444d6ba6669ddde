using Orrery.Signals.Labels;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// A tenant's exemplars: a fixed-size ring (Prometheus's circular exemplar storage), the oldest
/// overwritten first, so memory is bounded whatever the write rate. Each entry points at its
/// head series. The ring grows to its capacity as exemplars arrive: a tenant that sends none
/// pays nothing (the default capacity preallocated was 3.2 MB a tenant, 32 B a series at 100k).
/// Thread-safe.
/// </summary>
internal sealed class ExemplarBuffer(int capacity)
{
    private const int FirstSize = 64;

    private readonly int _capacity = Math.Max(1, capacity);
    private readonly Lock _sync = new();
    private Entry[] _entries = [];
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
            // Until full, _next == _count: growing copies the entries in order.
            if (_next == _entries.Length && _entries.Length < _capacity)
            {
                Array.Resize(ref _entries, (int)Math.Min(_capacity, Math.Max(FirstSize, _entries.Length * 2L)));
            }
            _entries[_next] = new Entry(series, timestampMs, value, labels);
            if (++_next == _capacity) _next = 0;
            if (_count < _capacity) _count++;
            return true;
        }
    }

    /// <summary>Every stored exemplar, oldest first.</summary>
    public Entry[] ToArray()
    {
        lock (_sync)
        {
            var result = new Entry[_count];
            if (_count == 0) return [];
            var start = (_next - _count + _entries.Length) % _entries.Length;
            for (var i = 0; i < _count; i++) result[i] = _entries[(start + i) % _entries.Length];
            return result;
        }
    }

    public readonly record struct Entry(HeadSeries Series, long TimestampMs, double Value, LabelSet Labels);
}
