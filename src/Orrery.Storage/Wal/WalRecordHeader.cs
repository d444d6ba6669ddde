using System.Buffers.Binary;
using Orrery.Storage.Encodings;

namespace Orrery.Storage.Wal;

/// <summary>
/// The 16-byte frame in front of every record (see FORMAT.md):
/// <c>[magic u32][crc32c u32][length u32][type u8][reserved 3 × 0][payload]</c>, little-endian.
/// The CRC covers everything after itself (length, type, reserved, payload), so a damaged
/// length is caught too. The magic lets replay find the next record after a damaged one.
/// </summary>
internal static class WalRecordHeader
{
    public const int Size = 16;

    /// <summary>"ORWL" read as a little-endian u32.</summary>
    public const uint Magic = 0x4C57524F;

    /// <summary>Payloads above 1 GiB are refused: no batch is that big, and it bounds what a damaged length can make replay read.</summary>
    public const int MaxPayloadBytes = 1 << 30;

    /// <summary>Writes header and payload to <paramref name="destination"/> (at least <c>Size + payload.Length</c> bytes).</summary>
    public static void Write(Span<byte> destination, byte type, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], (uint)payload.Length);
        destination[12] = type;
        destination[13] = 0;
        destination[14] = 0;
        destination[15] = 0;
        payload.CopyTo(destination[Size..]);
        var crc = Crc32C.Compute(destination.Slice(8, Size - 8 + payload.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], crc);
    }

    /// <summary>
    /// Checks the record starting at <paramref name="offset"/> of <paramref name="data"/>: true
    /// when the frame is complete and its CRC matches; <paramref name="payloadLength"/> is set
    /// even when it does not, when the length could be read.
    /// </summary>
    public static bool TryValidate(ReadOnlySpan<byte> data, int offset, out byte type, out int payloadLength, out string? problem)
    {
        type = 0;
        payloadLength = 0;
        var rest = data[offset..];
        if (rest.Length < Size)
        {
            problem = "incomplete record header";
            return false;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(rest) != Magic)
        {
            problem = "bad record magic";
            return false;
        }
        var length = BinaryPrimitives.ReadUInt32LittleEndian(rest[8..]);
        if (length > MaxPayloadBytes || length > rest.Length - Size)
        {
            problem = length > MaxPayloadBytes ? "record length out of range" : "record runs past end of segment";
            return false;
        }
        payloadLength = (int)length;
        if (rest[13] != 0 || rest[14] != 0 || rest[15] != 0)
        {
            problem = "reserved header bytes are not zero";
            return false;
        }
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]);
        if (Crc32C.Compute(rest.Slice(8, Size - 8 + payloadLength)) != expected)
        {
            problem = "checksum mismatch";
            return false;
        }
        type = rest[12];
        problem = null;
        return true;
    }
}
