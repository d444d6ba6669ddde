using Orrery.Signals.Metrics;
using Orrery.Storage.Metrics.Encoding;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// Walks chunks that are sorted and do not overlap, one after another. A chunk is decoded only
/// when reached, and <see cref="Seek"/> skips whole chunks that end before the target without
/// decoding them: PromQL's step-by-step seeks touch only the chunks they need.
/// </summary>
internal sealed class ChainSampleIterator(ChunkRef[] chunks) : ISampleIterator
{
    private int _next;
    private ISampleIterator? _current;
    private SampleKind _kind = SampleKind.None;

    public long TimestampMs => _current!.TimestampMs;

    public double Value => _current!.Value;

    public NativeHistogram Histogram(NativeHistogram? into = null) => _current!.Histogram(into);

    public SampleKind Next()
    {
        if (_current is not null)
        {
            _kind = _current.Next();
            if (_kind != SampleKind.None) return _kind;
        }
        while (_next < chunks.Length)
        {
            _current = Chunks.Iterate(chunks[_next++].Bytes);
            _kind = _current.Next();
            if (_kind != SampleKind.None) return _kind;
        }
        _current = null;
        return _kind = SampleKind.None;
    }

    public SampleKind Seek(long timestampMs)
    {
        if (_kind != SampleKind.None && _current!.TimestampMs >= timestampMs) return _kind;
        if (_current is not null)
        {
            _kind = _current.Seek(timestampMs);
            if (_kind != SampleKind.None) return _kind;
        }
        while (_next < chunks.Length)
        {
            var chunk = chunks[_next++];
            if (chunk.MaxTimeMs < timestampMs) continue;
            _current = Chunks.Iterate(chunk.Bytes);
            _kind = _current.Seek(timestampMs);
            if (_kind != SampleKind.None) return _kind;
        }
        _current = null;
        return _kind = SampleKind.None;
    }
}
