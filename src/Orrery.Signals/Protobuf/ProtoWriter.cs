using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Orrery.Signals.Protobuf;

/// <summary>
/// An append-only protobuf writer into a growable buffer rented from <see cref="ArrayPool{T}"/>.
/// Nested messages are written between <see cref="BeginMessage"/> and <see cref="EndMessage"/>:
/// the length is back-filled, so no size pass over the data is needed.
/// </summary>
/// <remarks>
/// Output is canonical (minimal varints, fields in the order written), so it is byte-equal to
/// Google.Protobuf's when fields are written in field-number order. <see cref="BeginMessage"/>
/// reserves one length byte; a message that turns out 128 bytes or longer is moved right by the
/// extra length bytes. Each byte therefore moves at most once per enclosing message of that size,
/// a memmove that costs far less than sizing every level up front.
/// Ownership: the writer owns its buffer until <see cref="Dispose"/>, which returns it to the pool;
/// spans from <see cref="WrittenSpan"/> are invalid after the next write or dispose.
/// </remarks>
public sealed class ProtoWriter : IDisposable
{
    private byte[] _buffer;
    private int _position;

    public ProtoWriter(int initialCapacity = 256) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(16, initialCapacity));

    public int Length => _position;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Forgets what was written; keeps the buffer.</summary>
    public void Reset() => _position = 0;

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _position = 0;
        // OTLP payloads carry user data; clear before another pool user can see it.
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteTag(int fieldNumber, WireType wireType) => WriteVarint(ProtoTag.Make(fieldNumber, wireType));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarint(ulong value)
    {
        if (value < 0x80 && _position < _buffer.Length)
        {
            _buffer[_position++] = (byte)value;
            return;
        }
        WriteVarintSlow(value);
    }

    private void WriteVarintSlow(ulong value)
    {
        EnsureCapacity(10);
        var buffer = _buffer;
        var pos = _position;
        while (value >= 0x80)
        {
            buffer[pos++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[pos++] = (byte)value;
        _position = pos;
    }

    public static int VarintSize(ulong value)
    {
        // 1 + floor(bits / 7), with 0 taking one byte.
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(value | 1);
        return (bits + 6) / 7;
    }

    public void WriteVarintField(int fieldNumber, ulong value)
    {
        WriteTag(fieldNumber, WireType.Varint);
        WriteVarint(value);
    }

    /// <summary>int64/int32/enum: negative values take ten bytes, as protobuf specifies.</summary>
    public void WriteInt64Field(int fieldNumber, long value) => WriteVarintField(fieldNumber, (ulong)value);

    public void WriteBoolField(int fieldNumber, bool value) => WriteVarintField(fieldNumber, value ? 1UL : 0UL);

    public void WriteFixed32Field(int fieldNumber, uint value)
    {
        WriteTag(fieldNumber, WireType.Fixed32);
        EnsureCapacity(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    public void WriteFixed64Field(int fieldNumber, ulong value)
    {
        WriteTag(fieldNumber, WireType.Fixed64);
        EnsureCapacity(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    public void WriteDoubleField(int fieldNumber, double value) =>
        WriteFixed64Field(fieldNumber, (ulong)BitConverter.DoubleToInt64Bits(value));

    /// <summary>A bytes or string field (always written, even when empty).</summary>
    public void WriteBytesField(int fieldNumber, ReadOnlySpan<byte> value)
    {
        WriteTag(fieldNumber, WireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        WriteRaw(value);
    }

    public void WriteStringField(int fieldNumber, string value)
    {
        WriteTag(fieldNumber, WireType.LengthDelimited);
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)byteCount);
        EnsureCapacity(byteCount);
        _position += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position));
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    /// <summary>Starts a nested message field; pass the result to <see cref="EndMessage"/>.</summary>
    public int BeginMessage(int fieldNumber)
    {
        WriteTag(fieldNumber, WireType.LengthDelimited);
        EnsureCapacity(1);
        _position++; // one reserved length byte
        return _position;
    }

    /// <summary>Back-fills the length of the message begun at <paramref name="bookmark"/>.</summary>
    public void EndMessage(int bookmark)
    {
        var length = _position - bookmark;
        if (length < 0x80)
        {
            _buffer[bookmark - 1] = (byte)length;
            return;
        }
        var extra = VarintSize((ulong)length) - 1;
        EnsureCapacity(extra);
        _buffer.AsSpan(bookmark, length).CopyTo(_buffer.AsSpan(bookmark + extra));
        var pos = bookmark - 1;
        var value = (uint)length;
        while (value >= 0x80)
        {
            _buffer[pos++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[pos] = (byte)value;
        _position += extra;
    }

    private void EnsureCapacity(int extra)
    {
        if (_position + extra <= _buffer.Length) return;
        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + extra));
        _buffer.AsSpan(0, _position).CopyTo(grown);
        var old = _buffer;
        _buffer = grown;
        if (old.Length > 0) ArrayPool<byte>.Shared.Return(old, clearArray: true);
    }
}
