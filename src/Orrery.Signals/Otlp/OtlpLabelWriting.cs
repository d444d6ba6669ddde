using Orrery.Signals.Protobuf;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;

namespace Orrery.Signals.Otlp;

/// <summary>Labels (name, value strings) written as OTLP KeyValues with a string AnyValue.</summary>
internal static class OtlpLabelWriting
{
    // message KeyValue { string key = 1; AnyValue value = 2; }  AnyValue { string string_value = 1; ... }
    public static void WriteStringAttribute(ProtoWriter writer, int field, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var keyValue = writer.BeginMessage(field);
        writer.WriteBytesField(F.KeyValue.Key, key);
        var anyValue = writer.BeginMessage(F.KeyValue.Value);
        writer.WriteBytesField(F.AnyValue.StringValue, value);
        writer.EndMessage(anyValue);
        writer.EndMessage(keyValue);
    }

    /// <summary>Zigzag encoding of a <c>sint32</c>.</summary>
    public static ulong ZigZag(int value) => (uint)((value << 1) ^ (value >> 31));
}
