using Orrery.Signals;
using Orrery.Signals.Protobuf;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;

namespace Orrery.Receive.Otlp.Common;

/// <summary>
/// Decodes the protobuf messages every OTLP signal shares (<c>Resource</c>,
/// <c>InstrumentationScope</c>, <c>KeyValue</c>, <c>AnyValue</c>) into any batch's arena and
/// attribute table, so the trace, metric and log readers keep one copy of these rules.
/// </summary>
/// <remarks>
/// Strings are copied into <c>bytes</c> as given (not checked for UTF-8); a oneof or singular field
/// seen twice keeps the last value, as protobuf does; unknown fields and known fields with an
/// unexpected wire type are skipped. Malformations throw <see cref="ProtobufFormatException"/>
/// with the offset in the outermost payload.
/// </remarks>
public static class OtlpCommonProtobuf
{
    private const int Varint = (int)WireType.Varint;
    private const int I64 = (int)WireType.Fixed64;
    private const int Len = (int)WireType.LengthDelimited;

    // message Resource {
    //   repeated KeyValue attributes = 1;
    //   uint32 dropped_attributes_count = 2;
    //   repeated EntityRef entity_refs = 3;   (skipped: in development upstream)
    // }
    public static void ReadResource(ref ProtoReader reader, ByteArena bytes, RowList<KeyValueRow> attributes, ref uint droppedAttributesCount)
    {
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case F.Resource.Attributes << 3 | Len:
                    var keyValue = reader.ReadMessage();
                    ReadKeyValue(ref keyValue, bytes, attributes);
                    break;
                case F.Resource.DroppedAttributesCount << 3 | Varint:
                    droppedAttributesCount = reader.ReadVarint32();
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }
    }

    // message InstrumentationScope {
    //   string name = 1;
    //   string version = 2;
    //   repeated KeyValue attributes = 3;
    //   uint32 dropped_attributes_count = 4;
    // }
    public static void ReadScope(ref ProtoReader reader, ByteArena bytes, RowList<KeyValueRow> attributes, ref OtlpScopeFields scope)
    {
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case F.InstrumentationScope.Name << 3 | Len:
                    scope.Name = bytes.Append(reader.ReadBytes());
                    break;
                case F.InstrumentationScope.Version << 3 | Len:
                    scope.Version = bytes.Append(reader.ReadBytes());
                    break;
                case F.InstrumentationScope.Attributes << 3 | Len:
                    var keyValue = reader.ReadMessage();
                    ReadKeyValue(ref keyValue, bytes, attributes);
                    break;
                case F.InstrumentationScope.DroppedAttributesCount << 3 | Varint:
                    scope.DroppedAttributesCount = reader.ReadVarint32();
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }
    }

    // message KeyValue {
    //   string key = 1;
    //   AnyValue value = 2;
    // }
    public static void ReadKeyValue(ref ProtoReader reader, ByteArena bytes, RowList<KeyValueRow> table)
    {
        var row = new KeyValueRow();
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case F.KeyValue.Key << 3 | Len:
                    row.Key = bytes.Append(reader.ReadBytes());
                    break;
                case F.KeyValue.Value << 3 | Len:
                    var value = reader.ReadMessage();
                    ReadAnyValue(ref value, bytes, ref row.Value);
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }
        table.Add(in row);
    }

    // message AnyValue {
    //   oneof value {
    //     string string_value = 1;
    //     bool bool_value = 2;
    //     int64 int_value = 3;
    //     double double_value = 4;
    //     ArrayValue array_value = 5;     (kept as its protobuf bytes)
    //     KeyValueList kvlist_value = 6;  (kept as its protobuf bytes)
    //     bytes bytes_value = 7;
    //   }
    // }
    public static void ReadAnyValue(ref ProtoReader reader, ByteArena bytes, ref AnyValueRow value)
    {
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case F.AnyValue.StringValue << 3 | Len:
                    value = AnyValueRow.FromString(bytes.Append(reader.ReadBytes()));
                    break;
                case F.AnyValue.BoolValue << 3 | Varint:
                    value = AnyValueRow.FromBool(reader.ReadVarint64() != 0);
                    break;
                case F.AnyValue.IntValue << 3 | Varint:
                    value = AnyValueRow.FromInt((long)reader.ReadVarint64());
                    break;
                case F.AnyValue.DoubleValue << 3 | I64:
                    // The raw bits, so NaN payloads and -0.0 survive a round trip.
                    value = new AnyValueRow { Kind = ValueKind.Double, Scalar = (long)reader.ReadFixed64() };
                    break;
                case F.AnyValue.ArrayValue << 3 | Len:
                    value = new AnyValueRow { Kind = ValueKind.Array, Bytes = ReadNested(ref reader, bytes, ValueKind.Array) };
                    break;
                case F.AnyValue.KvlistValue << 3 | Len:
                    value = new AnyValueRow { Kind = ValueKind.KvList, Bytes = ReadNested(ref reader, bytes, ValueKind.KvList) };
                    break;
                case F.AnyValue.BytesValue << 3 | Len:
                    value = new AnyValueRow { Kind = ValueKind.Bytes, Bytes = bytes.Append(reader.ReadBytes()) };
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }
    }

    /// <summary>An enum varint as the byte rows keep it: values outside 0..255 become 0 (unspecified).</summary>
    public static byte EnumByte(ulong value) => value <= byte.MaxValue ? (byte)value : (byte)0;

    private static Utf8Ref ReadNested(ref ProtoReader reader, ByteArena bytes, ValueKind kind)
    {
        var nested = reader.ReadBytes();
        OtlpNestedValues.Validate(nested, kind, reader.Offset - nested.Length);
        return bytes.Append(nested);
    }
}
