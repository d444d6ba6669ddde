using System.Runtime.InteropServices;

namespace Orrery.Storage.Metrics.Embedded;

/// <summary>
/// A closed head chunk as the heap keeps it: its time range and where its bytes are in the
/// tenant's <see cref="HeadChunkFiles"/>. 20 bytes, packed: a series holds an array of these, no
/// object and no byte array per chunk.
/// </summary>
/// <remarks>
/// The range's end is a 32-bit offset from its start: a head chunk never straddles a block-range
/// boundary, and <see cref="MetricStorageOptions.BlockRange"/> is far below 2^32 ms (49 days).
/// </remarks>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly struct HeadChunkRef
{
    private readonly uint _span;

    public HeadChunkRef(long minTimeMs, long maxTimeMs, ulong location)
    {
        var span = maxTimeMs - minTimeMs;
        if (span is < 0 or > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(maxTimeMs), $"a head chunk spans {span} ms: beyond what a chunk reference holds");
        MinTimeMs = minTimeMs;
        _span = (uint)span;
        Location = location;
    }

    public long MinTimeMs { get; }

    public long MaxTimeMs => MinTimeMs + _span;

    /// <summary>Segment number (high 32 bits) and offset in it (low 32 bits).</summary>
    public ulong Location { get; }

    public bool Overlaps(long minTimeMs, long maxTimeMs) => MinTimeMs <= maxTimeMs && MaxTimeMs >= minTimeMs;
}
