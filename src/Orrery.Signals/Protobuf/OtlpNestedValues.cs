using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;

namespace Orrery.Signals.Protobuf;

/// <summary>
/// Checks the protobuf bytes of an OTLP <c>ArrayValue</c> or <c>KeyValueList</c> before they are
/// kept verbatim in a batch (see <see cref="AnyValueRow"/>), so every later reader of a stored
/// array or kvlist can trust its structure.
/// </summary>
public static class OtlpNestedValues
{
    /// <summary>
    /// How deep arrays and kvlists may nest inside one attribute value. Google.Protobuf stops at
    /// 100 message levels for a whole request; an attribute starts about 6 levels down, and no
    /// real instrumentation nests values more than a handful deep.
    /// </summary>
    public const int MaxDepth = 64;

    private const uint ValuesTag = (F.ValueList.Values << 3) | (uint)WireType.LengthDelimited;
    private const uint KeyValueValueTag = (F.KeyValue.Value << 3) | (uint)WireType.LengthDelimited;
    private const uint ArrayValueTag = (F.AnyValue.ArrayValue << 3) | (uint)WireType.LengthDelimited;
    private const uint KvlistValueTag = (F.AnyValue.KvlistValue << 3) | (uint)WireType.LengthDelimited;

    /// <summary>Throws <see cref="ProtobufFormatException"/> when the bytes are malformed.</summary>
    /// <param name="origin">Offset of <paramref name="bytes"/> in the outermost payload.</param>
    public static void Validate(ReadOnlySpan<byte> bytes, ValueKind kind, int origin = 0)
    {
        var reader = new ProtoReader(bytes, origin);
        if (kind == ValueKind.Array) ValidateArray(ref reader, 1);
        else if (kind == ValueKind.KvList) ValidateKvList(ref reader, 1);
        else throw new ArgumentOutOfRangeException(nameof(kind), kind, "only arrays and kvlists are nested messages");
    }

    // message ArrayValue { repeated AnyValue values = 1; }
    private static void ValidateArray(ref ProtoReader reader, int depth)
    {
        CheckDepth(ref reader, depth);
        while (reader.TryReadTag(out var tag))
        {
            if (tag == ValuesTag)
            {
                var value = reader.ReadMessage();
                ValidateAnyValue(ref value, depth);
            }
            else
            {
                reader.SkipField(tag);
            }
        }
    }

    // message KeyValueList { repeated KeyValue values = 1; }
    // message KeyValue { string key = 1; AnyValue value = 2; }
    private static void ValidateKvList(ref ProtoReader reader, int depth)
    {
        CheckDepth(ref reader, depth);
        while (reader.TryReadTag(out var tag))
        {
            if (tag != ValuesTag)
            {
                reader.SkipField(tag);
                continue;
            }
            var keyValue = reader.ReadMessage();
            while (keyValue.TryReadTag(out var kvTag))
            {
                if (kvTag == KeyValueValueTag)
                {
                    var value = keyValue.ReadMessage();
                    ValidateAnyValue(ref value, depth);
                }
                else
                {
                    keyValue.SkipField(kvTag);
                }
            }
        }
    }

    // message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3;
    //   double double_value = 4; ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
    private static void ValidateAnyValue(ref ProtoReader reader, int depth)
    {
        while (reader.TryReadTag(out var tag))
        {
            if (tag == ArrayValueTag)
            {
                var nested = reader.ReadMessage();
                ValidateArray(ref nested, depth + 1);
            }
            else if (tag == KvlistValueTag)
            {
                var nested = reader.ReadMessage();
                ValidateKvList(ref nested, depth + 1);
            }
            else
            {
                reader.SkipField(tag);
            }
        }
    }

    private static void CheckDepth(ref ProtoReader reader, int depth)
    {
        if (depth > MaxDepth) throw new ProtobufFormatException($"attribute values nest deeper than {MaxDepth} levels", reader.Offset);
    }
}
