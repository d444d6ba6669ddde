using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Orrery.Storage.Encodings;

/// <summary>
/// Reads what <see cref="ByteBuffer"/> writes. Running past the end or reading a malformed varint
/// throws <see cref="InvalidDataException"/>: a block's bytes were checksummed before decoding,
/// so a failure here is a format bug or corruption the checksum missed, never a normal outcome.
/// </summary>
public ref struct ByteReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ByteReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly bool End => _position >= _data.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte ReadByte()
    {
        if (_position >= _data.Length) ThrowTruncated();
        return _data[_position++];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarUInt()
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            if (_position >= _data.Length) ThrowTruncated();
            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
            shift += 7;
            if (shift > 63) ThrowMalformed();
        }
    }

    public long ReadVarInt() => VarInt.UnZigZag(ReadVarUInt());

    /// <summary>A varint that must fit a non-negative int (counts, lengths, indexes).</summary>
    public int ReadCount()
    {
        var v = ReadVarUInt();
        if (v > int.MaxValue) ThrowMalformed();
        return (int)v;
    }

    public uint ReadUInt32()
    {
        var v = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
        return v;
    }

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ulong ReadUInt64BigEndian() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes() => Take(ReadCount());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)(_data.Length - _position)) ThrowTruncated();
        var s = _data.Slice(_position, count);
        _position += count;
        return s;
    }

    [DoesNotReturn]
    private static void ThrowTruncated() => throw new InvalidDataException("unexpected end of encoded data");

    [DoesNotReturn]
    private static void ThrowMalformed() => throw new InvalidDataException("malformed varint");
}
