using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Orrery.Storage.Metrics.Encoding;

/// <summary>Reads what <see cref="BitWriter"/> writes. Running past the end throws <see cref="InvalidDataException"/>.</summary>
internal struct BitReader
{
    private readonly byte[] _buffer;
    private readonly int _start;
    private readonly long _bitEnd;
    private long _bit;

    /// <param name="buffer">The bytes; the stream is <c>buffer[start..start+length]</c>.</param>
    /// <param name="start">Offset of the first byte of the chunk.</param>
    /// <param name="length">Bytes of the chunk.</param>
    /// <param name="skipBytes">Header bytes before the first bit.</param>
    public BitReader(byte[] buffer, int start, int length, int skipBytes)
    {
        _buffer = buffer;
        _start = start;
        _bitEnd = length * 8L;
        _bit = skipBytes * 8L;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadBit()
    {
        if (_bit >= _bitEnd) ThrowTruncated();
        var b = _buffer[_start + (int)(_bit >> 3)];
        var bit = (b & (0x80 >> (int)(_bit & 7))) != 0;
        _bit++;
        return bit;
    }

    /// <summary>Reads <paramref name="count"/> bits (0..64) as an unsigned number.</summary>
    public ulong ReadBits(int count)
    {
        if (count == 0) return 0;
        if (_bit + count > _bitEnd) ThrowTruncated();
        var byteIndex = (int)(_bit >> 3);
        var offset = (int)(_bit & 7);
        if (count <= 56 && byteIndex + 8 <= _bitEnd >> 3)
        {
            var word = BinaryPrimitives.ReadUInt64BigEndian(_buffer.AsSpan(_start + byteIndex, 8));
            _bit += count;
            return (word << offset) >> (64 - count);
        }
        ulong value = 0;
        var left = count;
        while (left > 0)
        {
            var free = 8 - (int)(_bit & 7);
            var take = Math.Min(free, left);
            var b = (ulong)_buffer[_start + (int)(_bit >> 3)];
            value = (value << take) | ((b >> (free - take)) & ((1UL << take) - 1));
            _bit += take;
            left -= take;
        }
        return value;
    }

    /// <summary>Counts 1 bits up to the first 0 (consumed) or until <paramref name="limit"/> ones.</summary>
    public int ReadOnes(int limit)
    {
        var n = 0;
        while (n < limit && ReadBit()) n++;
        return n;
    }

    public ulong ReadVarBits()
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 63) throw new InvalidDataException("malformed varint in chunk");
            var group = ReadBits(8);
            value |= (group & 0x7F) << shift;
            if (group < 0x80) return value;
        }
    }

    [DoesNotReturn]
    private static void ThrowTruncated() => throw new InvalidDataException("chunk ends before its last sample");
}
