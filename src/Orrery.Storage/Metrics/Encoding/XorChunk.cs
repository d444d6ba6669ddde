namespace Orrery.Storage.Metrics.Encoding;

/// <summary>Gorilla-style float chunk: delta-of-delta timestamps, XOR values (or integer deltas).</summary>
public sealed class XorChunk
{
    /// <summary>The head cuts a new chunk after this many samples.</summary>
    public const int TargetSamples = 120;

    public int Count => throw new NotImplementedException();
    public long MinTimeMs => throw new NotImplementedException();
    public long MaxTimeMs => throw new NotImplementedException();

    /// <summary>Appends a sample; the caller guarantees strictly increasing timestamps.</summary>
    public void Append(long timestampMs, double value) => throw new NotImplementedException();

    /// <summary>Self-contained encoding; the first byte is <see cref="ChunkEncoding"/>.</summary>
    public ReadOnlyMemory<byte> Bytes => throw new NotImplementedException();

    public ISampleIterator Iterator() => throw new NotImplementedException();
}
