using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Orrery.Storage.Encodings;

/// <summary>
/// A growable, append-only byte buffer with the little encoders the block format is built from.
/// Reused across pages via <see cref="Clear"/>, so steady-state encoding does not allocate.
/// </summary>
public sealed class ByteBuffer
{
    private byte[] _buffer;
    private int _length;

    public ByteBuffer(int initialCapacity = 256) => _buffer = new byte[Math.Max(16, initialCapacity)];

    public int Length => _length;

    /// <summary>Bytes it holds before it grows.</summary>
    public int Capacity => _buffer.Length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public void Clear() => _length = 0;

    /// <summary>Drops bytes after <paramref name="length"/>, e.g. the unused part of a reservation.</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _length);
        _length = length;
    }

    public void WriteByte(byte value)
    {
        if (_length == _buffer.Length) Grow(1);
        _buffer[_length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _buffer.Length) Grow(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Unsigned LEB128: 7 bits a byte, low groups first, high bit set on all but the last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarUInt(ulong value)
    {
        if (_length + VarInt.MaxLength > _buffer.Length) Grow(VarInt.MaxLength);
        _length += VarInt.Write(_buffer.AsSpan(_length), value);
    }

    /// <summary>Zig-zag then LEB128, so small negative numbers stay short.</summary>
    public void WriteVarInt(long value) => WriteVarUInt(VarInt.ZigZag(value));

    public void WriteUInt32(uint value)
    {
        if (_length + 4 > _buffer.Length) Grow(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteUInt64(ulong value)
    {
        if (_length + 8 > _buffer.Length) Grow(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>Big-endian, so the bytes of an id keep their order (ids are compared bytewise).</summary>
    public void WriteUInt64BigEndian(ulong value)
    {
        if (_length + 8 > _buffer.Length) Grow(8);
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>A length-prefixed byte string.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteVarUInt((ulong)bytes.Length);
        Write(bytes);
    }

    /// <summary>Reserves <paramref name="count"/> bytes for the caller to fill later (e.g. a checksum).</summary>
    public Span<byte> Reserve(int count, out int offset)
    {
        if (_length + count > _buffer.Length) Grow(count);
        offset = _length;
        _length += count;
        return _buffer.AsSpan(offset, count);
    }

    public Span<byte> At(int offset, int count) => _buffer.AsSpan(offset, count);

    private void Grow(int extra) =>
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
}
