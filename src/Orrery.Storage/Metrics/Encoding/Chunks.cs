namespace Orrery.Storage.Metrics.Encoding;

/// <summary>Reads an encoded chunk of any <see cref="ChunkEncoding"/>.</summary>
public static class Chunks
{
    public static ISampleIterator Iterate(ReadOnlyMemory<byte> bytes) => throw new NotImplementedException();
}
