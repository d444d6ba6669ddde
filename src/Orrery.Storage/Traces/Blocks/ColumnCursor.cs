using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Traces.Blocks;

/// <summary>
/// A read position in one decompressed column. A struct over an array (not a <see cref="ByteReader"/>)
/// so a decoder can keep one per column in an array field.
/// </summary>
internal partial struct ColumnCursor
{
    private readonly byte[] _data;
    private readonly int _length;
    private readonly Column _column;
    private int _position;

    public ColumnCursor(byte[] data, int length, Column column)
    {
        _data = data;
        _length = length;
        _column = column;
        _position = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarUInt()
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            if (_position >= _length) ThrowTruncated();
            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
            shift += 7;
            if (shift > 63) ThrowTruncated();
        }
    }

    public long ReadVarInt() => VarInt.UnZigZag(ReadVarUInt());

    public int ReadCount()
    {
        var v = ReadVarUInt();
        if (v > int.MaxValue) ThrowTruncated();
        return (int)v;
    }

    public byte ReadByte()
    {
        if (_position >= _length) ThrowTruncated();
        return _data[_position++];
    }

    public ulong ReadUInt64BigEndian() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)(_length - _position)) ThrowTruncated();
        var s = _data.AsSpan(_position, count);
        _position += count;
        return s;
    }

    [DoesNotReturn]
    private readonly void ThrowTruncated() => throw new InvalidDataException($"column {_column} ends early or holds a malformed value");
}
