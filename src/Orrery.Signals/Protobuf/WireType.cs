namespace Orrery.Signals.Protobuf;

/// <summary>The protobuf wire types; the low three bits of every tag.</summary>
public enum WireType : byte
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>Tag arithmetic: a tag is <c>(field number &lt;&lt; 3) | wire type</c>.</summary>
public static class ProtoTag
{
    /// <summary>The largest field number protobuf allows (2^29 - 1).</summary>
    public const int MaxFieldNumber = (1 << 29) - 1;

    public static uint Make(int fieldNumber, WireType wireType) => ((uint)fieldNumber << 3) | (uint)wireType;

    public static int FieldNumber(uint tag) => (int)(tag >> 3);

    public static WireType WireType(uint tag) => (WireType)(tag & 7);
}
