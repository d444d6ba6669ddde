namespace Orrery.Storage.Metrics.Encoding;

/// <summary>The first byte of every encoded chunk: how the rest is to be read.</summary>
public enum ChunkEncoding : byte
{
    /// <summary>Float samples: delta-of-delta timestamps; XOR values or, when every value is integral, delta-of-delta integers.</summary>
    Xor = 1,
    /// <summary>Native histogram samples.</summary>
    Histogram = 2,
}
