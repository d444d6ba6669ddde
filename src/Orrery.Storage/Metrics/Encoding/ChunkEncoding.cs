namespace Orrery.Storage.Metrics.Encoding;

/// <summary>The first byte of every encoded chunk: how the rest is to be read.</summary>
public enum ChunkEncoding : byte
{
    /// <summary>Float samples: delta-of-delta timestamps; XOR values or, when every value is integral, delta-of-delta integers.</summary>
    Xor = 1,
    /// <summary>Native histogram samples.</summary>
    Histogram = 2,
    /// <summary>
    /// Float values whose timestamps are a shared <see cref="TimestampColumn"/> (block format 2). As
    /// stored in a block's chunks file: the header, then the value bits. As <see cref="Chunks.Iterate"/>
    /// reads it (MetricBlock joins them): the header, varint column length, the column, the value bits.
    /// </summary>
    XorValues = 3,
}
