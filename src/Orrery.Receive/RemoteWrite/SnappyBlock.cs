namespace Orrery.Receive.RemoteWrite;

/// <summary>The snappy block format, as remote write uses it (not the framed stream format).</summary>
public static class SnappyBlock
{
    /// <summary>
    /// The decoded length a block announces in its uvarint preamble, read before decoding so an
    /// oversize body is refused without inflating it. False when the preamble is malformed.
    /// </summary>
    public static bool TryReadDecodedLength(ReadOnlySpan<byte> block, out ulong length)
    {
        length = 0;
        // A uvarint of a 32-bit length takes at most 5 bytes (snappy caps blocks at 2^32 - 1).
        for (var i = 0; i < 5 && i < block.Length; i++)
        {
            length |= (ulong)(block[i] & 0x7F) << (7 * i);
            if (block[i] < 0x80) return length <= uint.MaxValue;
        }
        return false;
    }

    /// <summary>Decodes a block; null when it is corrupt.</summary>
    public static byte[]? TryDecode(ReadOnlySpan<byte> block)
    {
        try
        {
            return IronSnappy.Snappy.Decode(block);
        }
        catch (IOException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (IndexOutOfRangeException)
        {
            return null;
        }
    }
}
