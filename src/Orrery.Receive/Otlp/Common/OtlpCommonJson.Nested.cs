using System.Text.Json;
using Orrery.Signals;
using Orrery.Signals.Protobuf;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;

namespace Orrery.Receive.Otlp.Common;

/// <summary>
/// Arrays and kvlists: stored as the protobuf bytes of the <c>ArrayValue</c> / <c>KeyValueList</c>
/// message (see <see cref="AnyValueRow"/>), so JSON input is re-encoded here.
/// </summary>
public abstract partial class OtlpCommonJson
{
    private Utf8Ref EncodeNested(ref Utf8JsonReader reader, ValueKind kind)
    {
        var writer = _nested ??= new ProtoWriter();
        writer.Reset();
        if (kind == ValueKind.Array) WriteArrayValue(ref reader, writer, 1);
        else WriteKvList(ref reader, writer, 1);
        return Bytes.Append(writer.WrittenSpan);
    }

    // ArrayValue { "values": [AnyValue] }  ->  message ArrayValue { repeated AnyValue values = 1; }
    private void WriteArrayValue(ref Utf8JsonReader reader, ProtoWriter writer, int depth)
    {
        ExpectObject(ref reader, "arrayValue");
        CheckNesting(ref reader, depth);
        while (NextProperty(ref reader, out var name))
        {
            if (!Is(name, "values"u8, "values"u8))
            {
                reader.Skip();
                continue;
            }
            ExpectArray(ref reader, "arrayValue.values");
            while (NextElement(ref reader))
            {
                var element = writer.BeginMessage(F.ValueList.Values);
                WriteAnyValue(ref reader, writer, depth);
                writer.EndMessage(element);
            }
        }
    }

    // KeyValueList { "values": [KeyValue] }  ->  message KeyValueList { repeated KeyValue values = 1; }
    private void WriteKvList(ref Utf8JsonReader reader, ProtoWriter writer, int depth)
    {
        ExpectObject(ref reader, "kvlistValue");
        CheckNesting(ref reader, depth);
        while (NextProperty(ref reader, out var name))
        {
            if (!Is(name, "values"u8, "values"u8))
            {
                reader.Skip();
                continue;
            }
            ExpectArray(ref reader, "kvlistValue.values");
            while (NextElement(ref reader))
            {
                ExpectObject(ref reader, "kvlistValue.values[]");
                var keyValue = writer.BeginMessage(F.ValueList.Values);
                while (NextProperty(ref reader, out var field))
                {
                    if (Is(field, "key"u8, "key"u8))
                    {
                        writer.WriteBytesField(F.KeyValue.Key, StringBytes(ref reader, "key"));
                    }
                    else if (Is(field, "value"u8, "value"u8))
                    {
                        var value = writer.BeginMessage(F.KeyValue.Value);
                        WriteAnyValue(ref reader, writer, depth);
                        writer.EndMessage(value);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                writer.EndMessage(keyValue);
            }
        }
    }

    private void WriteAnyValue(ref Utf8JsonReader reader, ProtoWriter writer, int depth)
    {
        ExpectObject(ref reader, "value");
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "stringValue"u8, "string_value"u8))
            {
                writer.WriteBytesField(F.AnyValue.StringValue, StringBytes(ref reader, "stringValue"));
            }
            else if (Is(name, "boolValue"u8, "bool_value"u8))
            {
                writer.WriteBoolField(F.AnyValue.BoolValue, ReadBool(ref reader, "boolValue"));
            }
            else if (Is(name, "intValue"u8, "int_value"u8))
            {
                writer.WriteInt64Field(F.AnyValue.IntValue, ReadInt64(ref reader, "intValue"));
            }
            else if (Is(name, "doubleValue"u8, "double_value"u8))
            {
                writer.WriteDoubleField(F.AnyValue.DoubleValue, ReadDouble(ref reader, "doubleValue"));
            }
            else if (Is(name, "bytesValue"u8, "bytes_value"u8))
            {
                // Decode through the arena, then give the space back: it is only a scratch area here.
                var mark = Bytes.Length;
                var decoded = ReadBase64(ref reader, "bytesValue");
                writer.WriteBytesField(F.AnyValue.BytesValue, Bytes.Get(decoded));
                Bytes.Truncate(mark);
            }
            else if (Is(name, "arrayValue"u8, "array_value"u8))
            {
                var nested = writer.BeginMessage(F.AnyValue.ArrayValue);
                WriteArrayValue(ref reader, writer, depth + 1);
                writer.EndMessage(nested);
            }
            else if (Is(name, "kvlistValue"u8, "kvlist_value"u8))
            {
                var nested = writer.BeginMessage(F.AnyValue.KvlistValue);
                WriteKvList(ref reader, writer, depth + 1);
                writer.EndMessage(nested);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void CheckNesting(ref Utf8JsonReader reader, int depth)
    {
        if (depth > OtlpNestedValues.MaxDepth)
        {
            throw new OtlpFormatException(
                $"invalid OTLP/JSON at byte {reader.TokenStartIndex}: attribute values nest deeper than {OtlpNestedValues.MaxDepth} levels");
        }
    }
}
