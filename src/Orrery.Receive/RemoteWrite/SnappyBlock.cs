using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Orrery.Receive.RemoteWrite;

/// <summary>
/// The snappy block format, as remote write uses it (not the framed stream format), decoded into
/// a caller's buffer: the handler decodes straight into the batch's byte arena, so the labels it
/// then reads stay where snappy put them, with no copy and no buffer per request.
/// </summary>
/// <remarks>
/// A block is a uvarint of the decoded length, then elements, each a tag byte whose low two bits
/// say what follows: 00 a literal (length − 1 in the tag's upper six bits, or, for 60..63, in
/// the next 1..4 bytes little-endian), 01 a copy of 4..11 bytes (length − 4 in tag bits 2..4) at
/// an 11-bit offset (tag bits 5..7, then one byte), 10 a copy of 1..64 bytes at a 16-bit offset,
/// 11 the same at a 32-bit offset. A copy's offset counts back from the end of the output and
/// may be shorter than its length (the run repeats).
/// </remarks>
public static class SnappyBlock
{
    /// <summary>
    /// The decoded length a block announces in its uvarint preamble, read before decoding so an
    /// oversize body is refused without inflating it. False when the preamble is malformed.
    /// </summary>
    public static bool TryReadDecodedLength(ReadOnlySpan<byte> block, out ulong length) => TryReadPreamble(block, out length, out _);

    /// <summary>Decodes a block; null when it is corrupt.</summary>
    public static byte[]? TryDecode(ReadOnlySpan<byte> block)
    {
        if (!TryReadDecodedLength(block, out var length) || length > (ulong)Array.MaxLength) return null;
        var decoded = new byte[length];
        return TryDecode(block, decoded) ? decoded : null;
    }

    /// <summary>
    /// Decodes a block into <paramref name="destination"/>, which must be exactly the announced
    /// decoded length (<see cref="TryReadDecodedLength"/>); false when the block is corrupt
    /// (its elements do not fill the destination exactly, or a copy reaches before its start).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> block, Span<byte> destination)
    {
        if (!TryReadPreamble(block, out var announced, out var s) || announced != (ulong)destination.Length) return false;
        var d = 0;
        while (s < block.Length)
        {
            var tag = block[s++];
            int length;
            int offset;
            switch (tag & 3)
            {
                case 0:
                    length = tag >> 2;
                    if (length >= 60)
                    {
                        var extra = length - 59;
                        if (s + extra > block.Length) return false;
                        length = 0;
                        for (var i = extra - 1; i >= 0; i--) length = (length << 8) | block[s + i];
                        if (length < 0 || length == int.MaxValue) return false;
                        s += extra;
                    }
                    length++;
                    if (length <= 16 && block.Length - s >= 16 && destination.Length - d >= 16)
                    {
                        Move16(block, s, destination, d);
                        s += length;
                        d += length;
                        continue;
                    }
                    if (length > block.Length - s || length > destination.Length - d) return false;
                    block.Slice(s, length).CopyTo(destination[d..]);
                    s += length;
                    d += length;
                    continue;
                case 1:
                    if (s >= block.Length) return false;
                    length = 4 + ((tag >> 2) & 7);
                    offset = ((tag >> 5) << 8) | block[s++];
                    break;
                case 2:
                    if (s + 2 > block.Length) return false;
                    length = 1 + (tag >> 2);
                    offset = BinaryPrimitives.ReadUInt16LittleEndian(block[s..]);
                    s += 2;
                    break;
                default:
                    if (s + 4 > block.Length) return false;
                    length = 1 + (tag >> 2);
                    var wide = BinaryPrimitives.ReadUInt32LittleEndian(block[s..]);
                    if (wide > int.MaxValue) return false;
                    offset = (int)wide;
                    s += 4;
                    break;
            }
            if (offset <= 0 || offset > d || length > destination.Length - d) return false;
            if (length <= 16 && offset >= 16 && destination.Length - d >= 16) Move16(destination, d - offset, destination, d);
            else Copy(destination, d, offset, length);
            d += length;
        }
        return d == destination.Length;
    }

    /// <summary>
    /// Most elements are short (a label name, a copy of a repeated label): one 16-byte move
    /// instead of a call sized to the element. The bytes moved past the element's end lie where
    /// the output has not been written yet, and later elements overwrite them (the block must
    /// fill the destination exactly); a copy's 16 bytes do not overlap (offset ≥ 16).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Move16(ReadOnlySpan<byte> from, int at, Span<byte> to, int into) =>
        Vector128.Create(from.Slice(at, 16)).CopyTo(to.Slice(into, 16));

    /// <summary>Copies <paramref name="length"/> bytes from <paramref name="offset"/> back; an overlapping copy repeats the run.</summary>
    private static void Copy(Span<byte> output, int at, int offset, int length)
    {
        var from = at - offset;
        if (offset >= length)
        {
            output.Slice(from, length).CopyTo(output[at..]);
            return;
        }
        // Overlap: the source grows as it is written, so copy in steps of the offset (it doubles each step).
        while (length > 0)
        {
            var step = Math.Min(offset, length);
            output.Slice(from, step).CopyTo(output[at..]);
            at += step;
            length -= step;
            offset += step;
        }
    }

    private static bool TryReadPreamble(ReadOnlySpan<byte> block, out ulong length, out int size)
    {
        length = 0;
        // A uvarint of a 32-bit length takes at most 5 bytes (snappy caps blocks at 2^32 - 1).
        for (var i = 0; i < 5 && i < block.Length; i++)
        {
            length |= (ulong)(block[i] & 0x7F) << (7 * i);
            if (block[i] < 0x80)
            {
                size = i + 1;
                return length <= uint.MaxValue;
            }
        }
        size = 0;
        return false;
    }
}
