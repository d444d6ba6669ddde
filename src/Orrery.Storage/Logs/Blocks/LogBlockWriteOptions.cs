namespace Orrery.Storage.Logs.Blocks;

/// <summary>How a log block is laid out.</summary>
public sealed record LogBlockWriteOptions
{
    /// <summary>
    /// A chunk is closed once its lines and metadata reach this many uncompressed bytes. 1 MiB
    /// (the top of Loki's range): larger chunks compress better and need fewer bloom filters,
    /// whose size grows with distinct words, not bytes; FORMAT.md has the measurements.
    /// </summary>
    public int ChunkTargetBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// 8 bits per distinct 4-byte window: ~2% false positives per window with the filter's 7
    /// probes. A word of n letters needs n − 3 windows present, so a 6-letter rare word passes a
    /// chunk that lacks it far less often than that, and the bloom stays a fraction of the chunk.
    /// </summary>
    public int BloomBitsPerKey { get; init; } = 8;

    public ChunkCompression Compression { get; init; } = ChunkCompression.Default;

    public static LogBlockWriteOptions Default { get; } = new();
}
