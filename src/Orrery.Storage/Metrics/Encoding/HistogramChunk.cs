using Orrery.Signals.Metrics;

namespace Orrery.Storage.Metrics.Encoding;

/// <summary>Native histogram chunk.</summary>
public sealed class HistogramChunk
{
    public int Count => throw new NotImplementedException();
    public long MinTimeMs => throw new NotImplementedException();
    public long MaxTimeMs => throw new NotImplementedException();

    public void Append(long timestampMs, NativeHistogram histogram) => throw new NotImplementedException();

    public ReadOnlyMemory<byte> Bytes => throw new NotImplementedException();

    public ISampleIterator Iterator() => throw new NotImplementedException();
}
