using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Orrery.Signals.Protobuf;

/// <summary>
/// A forward-only protobuf reader over one message's bytes. Nested messages are read with
/// <see cref="ReadMessage"/>, which returns a reader over the sub-slice; no allocation anywhere.
/// </summary>
/// <remarks>
/// Every malformation (truncation, a bad wire type, a varint longer than 10 bytes, a length
/// past the end of the enclosing message) throws <see cref="ProtobufFormatException"/> carrying
/// the offset from the start of the outermost payload, so an error points at the byte.
/// Callers switch on the whole tag (field number and wire type), as generated code does: a known
/// field arriving with an unexpected wire type is then skipped like an unknown field.
/// </remarks>
public ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _origin;
    private int _position;

    /// <param name="data">The message bytes.</param>
    /// <param name="origin">Offset of <paramref name="data"/> in the outermost payload (for errors).</param>
    public ProtoReader(ReadOnlySpan<byte> data, int origin = 0)
    {
        _data = data;
        _origin = origin;
    }

    /// <summary>Offset of the next byte, counted from the start of the outermost payload.</summary>
    public readonly int Offset => _origin + _position;

    public readonly bool IsAtEnd => _position >= _data.Length;

    /// <summary>Reads the next tag; false at the end of the message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadTag(out uint tag)
    {
        var pos = _position;
        if ((uint)pos >= (uint)_data.Length)
        {
            tag = 0;
            return false;
        }
        uint b = _data[pos];
        if (b < 0x80 && b >= 8 && (b & 7) < 6)
        {
            _position = pos + 1;
            tag = b;
            return true;
        }
        tag = ReadTagSlow();
        return true;
    }

    private uint ReadTagSlow()
    {
        var start = Offset;
        var value = ReadVarint64();
        if (value > uint.MaxValue) ThrowFormat("tag varint exceeds 32 bits", start);
        var tag = (uint)value;
        if (tag >> 3 == 0) ThrowFormat("invalid field number 0", start);
        if ((tag & 7) > 5) ThrowFormat($"invalid wire type {tag & 7} for field {tag >> 3}", start);
        return tag;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint64()
    {
        var pos = _position;
        if ((uint)pos < (uint)_data.Length)
        {
            ulong b = _data[pos];
            if (b < 0x80)
            {
                _position = pos + 1;
                return b;
            }
        }
        return ReadVarint64Slow();
    }

    private ulong ReadVarint64Slow()
    {
        var start = _position;
        ulong result = 0;
        for (var i = 0; i < 10; i++)
        {
            var pos = start + i;
            if (pos >= _data.Length) ThrowFormat("truncated varint", _origin + start);
            ulong b = _data[pos];
            if (i == 9 && b > 1) ThrowFormat("varint overflows 64 bits", _origin + start);
            result |= (b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                _position = pos + 1;
                return result;
            }
        }
        ThrowFormat("varint overflows 64 bits", _origin + start);
        return 0;
    }

    /// <summary>Reads a varint as protobuf's int32/uint32/enum: the low 32 bits.</summary>
    public uint ReadVarint32() => (uint)ReadVarint64();

    public bool ReadBool() => ReadVarint64() != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadFixed32()
    {
        var pos = _position;
        if (pos > _data.Length - 4) ThrowFormat("truncated fixed32", Offset);
        _position = pos + 4;
        return BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(pos, 4));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadFixed64()
    {
        var pos = _position;
        if (pos > _data.Length - 8) ThrowFormat("truncated fixed64", Offset);
        _position = pos + 8;
        return BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(pos, 8));
    }

    public double ReadDouble() => BitConverter.Int64BitsToDouble((long)ReadFixed64());

    /// <summary>Reads a length-delimited field's content (bytes, string or message bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ReadBytes()
    {
        var start = _position;
        var length = ReadVarint64();
        var pos = _position;
        if (length > (ulong)(_data.Length - pos)) ThrowLength(length, start);
        _position = pos + (int)length;
        return _data.Slice(pos, (int)length);
    }

    /// <summary>Reads a length-delimited field as a nested message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ProtoReader ReadMessage()
    {
        var bytes = ReadBytes();
        return new ProtoReader(bytes, _origin + _position - bytes.Length);
    }

    /// <summary>Skips the value of a field whose tag was just read.</summary>
    public void SkipField(uint tag)
    {
        switch ((WireType)(tag & 7))
        {
            case WireType.Varint:
                ReadVarint64();
                break;
            case WireType.Fixed64:
                ReadFixed64();
                break;
            case WireType.LengthDelimited:
                ReadBytes();
                break;
            case WireType.Fixed32:
                ReadFixed32();
                break;
            case WireType.StartGroup:
                SkipGroup(tag >> 3);
                break;
            case WireType.EndGroup:
                ThrowFormat($"unexpected end-group tag for field {tag >> 3}", Offset);
                break;
            default:
                ThrowFormat($"invalid wire type {tag & 7} for field {tag >> 3}", Offset);
                break;
        }
    }

    // Groups are a proto2 relic no OTLP message uses, but they are valid on the wire, so a
    // reader that skips unknown fields must be able to step over them.
    private void SkipGroup(uint fieldNumber)
    {
        var start = Offset;
        while (TryReadTag(out var tag))
        {
            if ((WireType)(tag & 7) == WireType.EndGroup)
            {
                if (tag >> 3 != fieldNumber) ThrowFormat($"end-group tag for field {tag >> 3} closes group {fieldNumber}", Offset);
                return;
            }
            SkipField(tag);
        }
        ThrowFormat($"group {fieldNumber} is not closed", start);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowLength(ulong length, int lengthStart) =>
        throw new ProtobufFormatException(
            $"length {length} exceeds the {_data.Length - _position} bytes left in the enclosing message", _origin + lengthStart);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFormat(string message, int offset) => throw new ProtobufFormatException(message, offset);
}
