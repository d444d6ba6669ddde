namespace Orrery.LoadGen;

/// <summary>The two protobuf wire primitives the remote write encoder needs.</summary>
internal static class ProtoWire
{
    public static int VarintLength(ulong value)
    {
        var n = 1;
        while (value >= 0x80) { value >>= 7; n++; }
        return n;
    }

    public static int WriteVarint(Span<byte> destination, ulong value)
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
}
