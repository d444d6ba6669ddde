using System.Text;
using System.Text.Json;
using Orrery.Signals;
using Orrery.Signals.Protobuf;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;

namespace Orrery.Receive.Otlp.Metrics;

/// <summary>
/// An array or map attribute value (kept as protobuf bytes, see <see cref="AnyValueRow"/>) as
/// JSON text, the representation the OpenTelemetry specification gives non-OTLP protocols such
/// as Prometheus labels: arrays as JSON arrays, maps as objects, bytes as base64 strings.
/// </summary>
public static class OtlpAnyValueJson
{
    private const uint ValuesTag = F.ValueList.Values << 3 | (uint)WireType.LengthDelimited;

    public static string Format(ReadOnlySpan<byte> protobuf, ValueKind kind)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var reader = new ProtoReader(protobuf);
            if (kind == ValueKind.Array) WriteArray(ref reader, json);
            else WriteObject(ref reader, json);
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    // message ArrayValue { repeated AnyValue values = 1; }
    private static void WriteArray(ref ProtoReader reader, Utf8JsonWriter json)
    {
        json.WriteStartArray();
        while (reader.TryReadTag(out var tag))
        {
            if (tag != ValuesTag)
            {
                reader.SkipField(tag);
                continue;
            }
            var value = reader.ReadMessage();
            WriteValue(ref value, json);
        }
        json.WriteEndArray();
    }

    // message KeyValueList { repeated KeyValue values = 1; }  message KeyValue { string key = 1; AnyValue value = 2; }
    private static void WriteObject(ref ProtoReader reader, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        while (reader.TryReadTag(out var tag))
        {
            if (tag != ValuesTag)
            {
                reader.SkipField(tag);
                continue;
            }
            var keyValue = reader.ReadMessage();
            ReadOnlySpan<byte> key = default;
            var valueReader = new ProtoReader([]);
            while (keyValue.TryReadTag(out var kvTag))
            {
                if (kvTag == (F.KeyValue.Key << 3 | (uint)WireType.LengthDelimited)) key = keyValue.ReadBytes();
                else if (kvTag == (F.KeyValue.Value << 3 | (uint)WireType.LengthDelimited)) valueReader = keyValue.ReadMessage();
                else keyValue.SkipField(kvTag);
            }
            json.WritePropertyName(key);
            WriteValue(ref valueReader, json);
        }
        json.WriteEndObject();
    }

    // message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3;
    //   double double_value = 4; ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
    private static void WriteValue(ref ProtoReader reader, Utf8JsonWriter json)
    {
        var written = false;
        while (reader.TryReadTag(out var tag))
        {
            // A oneof seen twice keeps the last member; JSON cannot take two values, so write the first.
            if (written)
            {
                reader.SkipField(tag);
                continue;
            }
            written = true;
            switch (tag >> 3)
            {
                case F.AnyValue.StringValue: json.WriteStringValue(reader.ReadBytes()); break;
                case F.AnyValue.BoolValue: json.WriteBooleanValue(reader.ReadBool()); break;
                case F.AnyValue.IntValue: json.WriteNumberValue((long)reader.ReadVarint64()); break;
                case F.AnyValue.DoubleValue:
                    var d = reader.ReadDouble();
                    if (double.IsFinite(d)) json.WriteNumberValue(d);
                    else json.WriteStringValue(PrometheusFloat.Format(d));
                    break;
                case F.AnyValue.ArrayValue:
                    var array = reader.ReadMessage();
                    WriteArray(ref array, json);
                    break;
                case F.AnyValue.KvlistValue:
                    var map = reader.ReadMessage();
                    WriteObject(ref map, json);
                    break;
                case F.AnyValue.BytesValue: json.WriteBase64StringValue(reader.ReadBytes()); break;
                default:
                    reader.SkipField(tag);
                    written = false;
                    break;
            }
        }
        if (!written) json.WriteNullValue();
    }
}
