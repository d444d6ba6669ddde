using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Orrery.Signals;
using Orrery.Signals.Protobuf;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;

namespace Orrery.Receive.Otlp.Logs;

/// <summary>
/// An OTLP value as the text Loki stores for a line or a label (pdata's <c>AsString</c>): strings
/// as they are, numbers and booleans as text, bytes as base64, arrays and kvlists as JSON. Text
/// that is not in the arena yet is appended to it. One instance per mapping pass (not thread-safe).
/// </summary>
internal sealed class LogValueText
{
    private const int Varint = (int)WireType.Varint;
    private const int I64 = (int)WireType.Fixed64;
    private const int Len = (int)WireType.LengthDelimited;

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // Lines are read by people and by LogQL's json parser: keep non-ASCII text as UTF-8.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // The nesting was bounded when the value was decoded (OtlpNestedValues.MaxDepth).
        MaxDepth = 4 * OtlpNestedValues.MaxDepth,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private Utf8JsonWriter? _json;

    public Utf8Ref Append(ByteArena arena, in AnyValueRow value)
    {
        switch (value.Kind)
        {
            case ValueKind.String:
                return value.Bytes;
            case ValueKind.Bool:
                return arena.Append(value.AsBool ? "true"u8 : "false"u8);
            case ValueKind.Int:
                {
                    var room = arena.Reserve(20, out var reference);
                    Utf8Formatter.TryFormat(value.AsInt, room, out var written);
                    arena.Truncate(reference.Offset + written);
                    return new Utf8Ref(reference.Offset, written);
                }
            case ValueKind.Double:
                {
                    // 32 bytes hold the longest round-trip form ("-1.7976931348623157E+308" is 24).
                    var room = arena.Reserve(32, out var reference);
                    value.AsDouble.TryFormat(room, out var written, "R", System.Globalization.CultureInfo.InvariantCulture);
                    arena.Truncate(reference.Offset + written);
                    return new Utf8Ref(reference.Offset, written);
                }
            case ValueKind.Bytes:
                {
                    var bytes = arena.Get(value.Bytes);
                    var room = arena.Reserve(Base64.GetMaxEncodedToUtf8Length(bytes.Length), out var reference);
                    Base64.EncodeToUtf8(bytes, room, out _, out var written);
                    arena.Truncate(reference.Offset + written);
                    return written == 0 ? default : new Utf8Ref(reference.Offset, written);
                }
            case ValueKind.Array:
            case ValueKind.KvList:
                return arena.Append(Json(arena.Get(value.Bytes), value.Kind));
            default:
                return default;
        }
    }

    /// <summary>The JSON of an ArrayValue / KeyValueList message, valid until the next call.</summary>
    public ReadOnlySpan<byte> Json(ReadOnlySpan<byte> message, ValueKind kind)
    {
        _buffer.ResetWrittenCount();
        var json = _json ??= new Utf8JsonWriter(_buffer, JsonOptions);
        json.Reset(_buffer);
        var reader = new ProtoReader(message);
        if (kind == ValueKind.Array) WriteArray(ref reader, json);
        else WriteKvList(ref reader, json);
        json.Flush();
        return _buffer.WrittenSpan;
    }

    // message ArrayValue { repeated AnyValue values = 1; }
    private static void WriteArray(ref ProtoReader reader, Utf8JsonWriter json)
    {
        json.WriteStartArray();
        while (reader.TryReadTag(out var tag))
        {
            if (tag == (F.ValueList.Values << 3 | Len))
            {
                var value = reader.ReadMessage();
                WriteAnyValue(ref value, json);
            }
            else
            {
                reader.SkipField(tag);
            }
        }
        json.WriteEndArray();
    }

    // message KeyValueList { repeated KeyValue values = 1; }  message KeyValue { string key = 1; AnyValue value = 2; }
    private static void WriteKvList(ref ProtoReader reader, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        while (reader.TryReadTag(out var tag))
        {
            if (tag != (F.ValueList.Values << 3 | Len))
            {
                reader.SkipField(tag);
                continue;
            }
            var keyValue = reader.ReadMessage();
            ReadOnlySpan<byte> key = default;
            var value = default(ProtoReader);
            var hasValue = false;
            while (keyValue.TryReadTag(out var field))
            {
                if (field == (F.KeyValue.Key << 3 | Len)) key = keyValue.ReadBytes();
                else if (field == (F.KeyValue.Value << 3 | Len))
                {
                    value = keyValue.ReadMessage();
                    hasValue = true;
                }
                else keyValue.SkipField(field);
            }
            WritePropertyName(json, key);
            if (hasValue) WriteAnyValue(ref value, json);
            else json.WriteNullValue();
        }
        json.WriteEndObject();
    }

    // A oneof seen twice keeps the last member, so find it before writing anything.
    private static void WriteAnyValue(ref ProtoReader reader, Utf8JsonWriter json)
    {
        var last = default(ProtoReader);
        uint lastTag = 0;
        while (reader.TryReadTag(out var tag))
        {
            if (tag is (F.AnyValue.StringValue << 3 | Len) or (F.AnyValue.BoolValue << 3 | Varint) or (F.AnyValue.IntValue << 3 | Varint)
                or (F.AnyValue.DoubleValue << 3 | I64) or (F.AnyValue.ArrayValue << 3 | Len) or (F.AnyValue.KvlistValue << 3 | Len)
                or (F.AnyValue.BytesValue << 3 | Len))
            {
                last = reader;
                lastTag = tag;
            }
            reader.SkipField(tag);
        }
        switch (lastTag)
        {
            case F.AnyValue.StringValue << 3 | Len:
                WriteString(json, last.ReadBytes());
                break;
            case F.AnyValue.BoolValue << 3 | Varint:
                json.WriteBooleanValue(last.ReadVarint64() != 0);
                break;
            case F.AnyValue.IntValue << 3 | Varint:
                json.WriteNumberValue((long)last.ReadVarint64());
                break;
            case F.AnyValue.DoubleValue << 3 | I64:
                var d = last.ReadDouble();
                if (double.IsFinite(d)) json.WriteNumberValue(d);
                else json.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                break;
            case F.AnyValue.ArrayValue << 3 | Len:
                var array = last.ReadMessage();
                WriteArray(ref array, json);
                break;
            case F.AnyValue.KvlistValue << 3 | Len:
                var kvlist = last.ReadMessage();
                WriteKvList(ref kvlist, json);
                break;
            case F.AnyValue.BytesValue << 3 | Len:
                json.WriteBase64StringValue(last.ReadBytes());
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }

    // Strings are stored as given; the writer refuses invalid UTF-8, so such text goes in with replacement characters.
    private static void WriteString(Utf8JsonWriter json, ReadOnlySpan<byte> text)
    {
        if (Utf8.IsValid(text)) json.WriteStringValue(text);
        else json.WriteStringValue(Encoding.UTF8.GetString(text));
    }

    private static void WritePropertyName(Utf8JsonWriter json, ReadOnlySpan<byte> key)
    {
        if (Utf8.IsValid(key)) json.WritePropertyName(key);
        else json.WritePropertyName(Encoding.UTF8.GetString(key));
    }
}
