namespace Orrery.Storage.Metrics.Blocks;

/// <summary>One chunk of a series as stored: <see cref="Bytes"/> as XorChunk/HistogramChunk produce them.</summary>
public sealed record EncodedChunk(long MinTimeMs, long MaxTimeMs, ReadOnlyMemory<byte> Bytes);
