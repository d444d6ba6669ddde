namespace Orrery.Storage.Metrics.Encoding;

/// <summary>How a float chunk encodes its values (low nibble of the chunk's mode byte).</summary>
internal enum ValueMode : byte
{
    /// <summary>Gorilla: XOR with the previous value, leading/trailing zero windows.</summary>
    Xor = 0,
    /// <summary>Decimal mantissas, delta-of-delta (constant-rate counters cost one bit).</summary>
    DecimalDod = 1,
    /// <summary>Decimal mantissas, delta (random walks: half the residual variance of dod).</summary>
    DecimalDelta = 2,
    /// <summary>
    /// Decimal mantissas, delta without sign (counters and histogram buckets that never fall):
    /// zig-zag would spend a bit a sample on a sign that is always +. Only chosen by
    /// <see cref="XorChunk.Encode(System.ReadOnlySpan{long}, System.ReadOnlySpan{double})"/> for values that never decrease.
    /// </summary>
    DecimalRise = 3,
}
