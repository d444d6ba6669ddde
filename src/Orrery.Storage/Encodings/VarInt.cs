using System.Runtime.CompilerServices;

namespace Orrery.Storage.Encodings;

/// <summary>LEB128 variable-length integers and the zig-zag mapping of signed ones.</summary>
public static class VarInt
{
    /// <summary>A 64-bit value needs at most ceil(64 / 7) = 10 bytes.</summary>
    public const int MaxLength = 10;

    /// <summary>Maps 0, -1, 1, -2, … to 0, 1, 2, 3, … so values near zero encode short.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    /// <summary>Writes <paramref name="value"/>; the caller must ensure room for <see cref="MaxLength"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    public static int Length(ulong value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }
        return n;
    }
}
