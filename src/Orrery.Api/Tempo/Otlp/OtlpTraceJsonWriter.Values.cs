using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Orrery.Signals;
using Orrery.Signals.Protobuf;
using Orrery.Signals.Traces;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;

namespace Orrery.Api.Tempo.Otlp;

public static partial class OtlpTraceJsonWriter
{
    private const int Varint = (int)WireType.Varint;
    private const int I64 = (int)WireType.Fixed64;
    private const int Len = (int)WireType.LengthDelimited;

    // AnyValue JSON is the same in both styles: int64 as a string, bytes in base64, non-finite
    // doubles as "NaN" / "Infinity" / "-Infinity", arrays and kvlists expanded.
    private static void WriteAnyValue(Utf8JsonWriter writer, SpanBatch batch, in AnyValueRow value)
    {
        writer.WriteStartObject();
        switch (value.Kind)
        {
            case ValueKind.String:
                WriteUtf8(writer, Names.StringValue, batch.Utf8(value.Bytes));
                break;
            case ValueKind.Bool:
                writer.WriteBoolean(Names.BoolValue, value.AsBool);
                break;
            case ValueKind.Int:
                WriteInt64String(writer, Names.IntValue, value.AsInt);
                break;
            case ValueKind.Double:
                WriteDouble(writer, Names.DoubleValue, value.AsDouble);
                break;
            case ValueKind.Bytes:
                writer.WriteBase64String(Names.BytesValue, batch.Utf8(value.Bytes));
                break;
            case ValueKind.Array:
                writer.WritePropertyName(Names.ArrayValue);
                WriteValueList(writer, batch.Utf8(value.Bytes), keyValues: false, 1);
                break;
            case ValueKind.KvList:
                writer.WritePropertyName(Names.KvlistValue);
                WriteValueList(writer, batch.Utf8(value.Bytes), keyValues: true, 1);
                break;
            default:
                break; // Empty: {}
        }
        writer.WriteEndObject();
    }

    // message ArrayValue { repeated AnyValue values = 1; }  /  message KeyValueList { repeated KeyValue values = 1; }
    private static void WriteValueList(Utf8JsonWriter writer, ReadOnlySpan<byte> message, bool keyValues, int depth)
    {
        if (depth > OtlpNestedValues.MaxDepth) throw new ProtobufFormatException($"attribute values nest deeper than {OtlpNestedValues.MaxDepth} levels", 0);
        writer.WriteStartObject();
        var reader = new ProtoReader(message);
        var started = false;
        while (reader.TryReadTag(out var tag))
        {
            if (tag != (F.ValueList.Values << 3 | Len))
            {
                reader.SkipField(tag);
                continue;
            }
            if (!started)
            {
                writer.WriteStartArray(Names.Values);
                started = true;
            }
            var element = reader.ReadBytes();
            if (keyValues) WriteKeyValueMessage(writer, element, depth);
            else WriteAnyValueMessage(writer, element, depth);
        }
        if (started) writer.WriteEndArray();
        writer.WriteEndObject();
    }

    // message KeyValue { string key = 1; AnyValue value = 2; }
    private static void WriteKeyValueMessage(Utf8JsonWriter writer, ReadOnlySpan<byte> message, int depth)
    {
        var reader = new ProtoReader(message);
        ReadOnlySpan<byte> key = default, value = default;
        var hasValue = false;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case F.KeyValue.Key << 3 | Len:
                    key = reader.ReadBytes();
                    break;
                case F.KeyValue.Value << 3 | Len:
                    value = reader.ReadBytes();
                    hasValue = true;
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }
        writer.WriteStartObject();
        WriteUtf8(writer, Names.Key, key);
        if (hasValue)
        {
            writer.WritePropertyName(Names.Value);
            WriteAnyValueMessage(writer, value, depth);
        }
        writer.WriteEndObject();
    }

    // message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3;
    //   double double_value = 4; ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
    // The last member on the wire wins, as protobuf parsers decide a repeated oneof.
    private static void WriteAnyValueMessage(Utf8JsonWriter writer, ReadOnlySpan<byte> message, int depth)
    {
        var reader = new ProtoReader(message);
        uint member = 0;
        ulong scalar = 0;
        ReadOnlySpan<byte> bytes = default;
        while (reader.TryReadTag(out var tag))
        {
            switch (tag)
            {
                case F.AnyValue.StringValue << 3 | Len:
                case F.AnyValue.ArrayValue << 3 | Len:
                case F.AnyValue.KvlistValue << 3 | Len:
                case F.AnyValue.BytesValue << 3 | Len:
                    member = tag >> 3;
                    bytes = reader.ReadBytes();
                    break;
                case F.AnyValue.BoolValue << 3 | Varint:
                case F.AnyValue.IntValue << 3 | Varint:
                    member = tag >> 3;
                    scalar = reader.ReadVarint64();
                    break;
                case F.AnyValue.DoubleValue << 3 | I64:
                    member = tag >> 3;
                    scalar = reader.ReadFixed64();
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }
        writer.WriteStartObject();
        switch (member)
        {
            case F.AnyValue.StringValue:
                WriteUtf8(writer, Names.StringValue, bytes);
                break;
            case F.AnyValue.BoolValue:
                writer.WriteBoolean(Names.BoolValue, scalar != 0);
                break;
            case F.AnyValue.IntValue:
                WriteInt64String(writer, Names.IntValue, (long)scalar);
                break;
            case F.AnyValue.DoubleValue:
                WriteDouble(writer, Names.DoubleValue, BitConverter.Int64BitsToDouble((long)scalar));
                break;
            case F.AnyValue.ArrayValue:
                writer.WritePropertyName(Names.ArrayValue);
                WriteValueList(writer, bytes, keyValues: false, depth + 1);
                break;
            case F.AnyValue.KvlistValue:
                writer.WritePropertyName(Names.KvlistValue);
                WriteValueList(writer, bytes, keyValues: true, depth + 1);
                break;
            case F.AnyValue.BytesValue:
                writer.WriteBase64String(Names.BytesValue, bytes);
                break;
            default:
                break;
        }
        writer.WriteEndObject();
    }

    private static void WriteInt64String(Utf8JsonWriter writer, JsonEncodedText name, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var length);
        writer.WriteString(name, digits[..length]);
    }

    private static void WriteDouble(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else if (double.IsNaN(value)) writer.WriteString(name, "NaN"u8);
        else writer.WriteString(name, value > 0 ? "Infinity"u8 : "-Infinity"u8);
    }

    /// <summary>
    /// Strings are stored as received, and protobuf receivers do not check UTF-8 on the hot path;
    /// invalid sequences are written with U+FFFD replacements rather than failing the response.
    /// </summary>
    private static void WriteUtf8(Utf8JsonWriter writer, JsonEncodedText name, ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8)) writer.WriteString(name, utf8);
        else writer.WriteString(name, Encoding.UTF8.GetString(utf8));
    }
}
