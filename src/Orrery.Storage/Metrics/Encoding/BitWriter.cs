using System.Runtime.CompilerServices;

namespace Orrery.Storage.Metrics.Encoding;

/// <summary>
/// An append-only bit stream, most significant bit first, behind a header of a given number of
/// bytes. A struct, held inline by its chunk or made on the stack around an append over the
/// chunk's own buffer and length fields (<see cref="Resume"/>): no object of its own. It never
/// rewrites a bit once written (only ORs bits into the last, partial byte) and allocates a new
/// array to grow, so an iterator that captured the array and a sample count keeps reading
/// correct bits while the owner appends.
/// </summary>
internal struct BitWriter
{
    private byte[] _buffer;
    private long _bitLength;
    private readonly int _growthStep;

    public BitWriter(int headerBytes, int initialCapacity)
    {
        _buffer = new byte[Math.Max(initialCapacity, headerBytes + 8)];
        _bitLength = headerBytes * 8L;
    }

    /// <param name="growthStep">Bytes to add beyond what is needed when the buffer is full; 0 grows it by half.</param>
    private BitWriter(byte[] buffer, long bitLength, int growthStep)
    {
        _buffer = buffer;
        _bitLength = bitLength;
        _growthStep = growthStep;
    }

    /// <summary>Continues a stream whose owner keeps the buffer and bit length in its own fields (and takes them back after writing).</summary>
    public static BitWriter Resume(byte[] buffer, long bitLength, int growthStep) => new(buffer, bitLength, growthStep);

    public readonly byte[] Buffer => _buffer;

    /// <summary>Bytes used so far, the last one possibly partial.</summary>
    public readonly int ByteLength => (int)((_bitLength + 7) >> 3);

    public readonly long BitLength => _bitLength;

    public void WriteBit(bool bit)
    {
        EnsureRoom(1);
        if (bit) _buffer[_bitLength >> 3] |= (byte)(0x80 >> (int)(_bitLength & 7));
        _bitLength++;
    }

    /// <summary>Writes the low <paramref name="count"/> bits of <paramref name="value"/> (0..64), high bit first.</summary>
    public void WriteBits(ulong value, int count)
    {
        if (count == 0) return;
        EnsureRoom(count);
        if (count < 64) value &= (1UL << count) - 1;
        while (count > 0)
        {
            var free = 8 - (int)(_bitLength & 7);
            var take = Math.Min(free, count);
            var chunk = (value >> (count - take)) & ((1UL << take) - 1);
            _buffer[_bitLength >> 3] |= (byte)(chunk << (free - take));
            _bitLength += take;
            count -= take;
        }
    }

    /// <summary>Seven bits a group, a continuation bit before each: a varint inside the bit stream.</summary>
    public void WriteVarBits(ulong value)
    {
        while (value >= 0x80)
        {
            WriteBits(0x80 | (value & 0x7F), 8);
            value >>= 7;
        }
        WriteBits(value, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureRoom(int bits)
    {
        var needed = (int)((_bitLength + bits + 7) >> 3);
        if (needed > _buffer.Length) Grow(needed);
    }

    // Out of line: the check above runs for every write and must stay small enough to inline.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needed)
    {
        // A new array, never a resize in place: readers may hold the old one. By default 1.5×
        // steps; an open head chunk asks for small steps (its buffer is much of a series' memory).
        var size = _growthStep > 0 ? needed + _growthStep : Math.Max(_buffer.Length + (_buffer.Length >> 1), needed);
        var grown = new byte[(size + 7) & ~7]; // arrays are allocated in 8-byte steps: use them
        _buffer.AsSpan(0, ByteLength).CopyTo(grown);
        _buffer = grown;
    }
}
