using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Orrery.Signals;
using Orrery.Signals.Protobuf;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;

namespace Orrery.Receive.Otlp;

public static partial class OtlpTraceJsonReader
{
    /// <summary>Ids longer than this are reported as badly encoded rather than by their length.</summary>
    private const int MaxIdBytes = 64;

    private static readonly byte[][] SpanKindNames =
    [
        "SPAN_KIND_UNSPECIFIED"u8.ToArray(), "SPAN_KIND_INTERNAL"u8.ToArray(), "SPAN_KIND_SERVER"u8.ToArray(),
        "SPAN_KIND_CLIENT"u8.ToArray(), "SPAN_KIND_PRODUCER"u8.ToArray(), "SPAN_KIND_CONSUMER"u8.ToArray(),
    ];

    private static readonly byte[][] StatusCodeNames =
    [
        "STATUS_CODE_UNSET"u8.ToArray(), "STATUS_CODE_OK"u8.ToArray(), "STATUS_CODE_ERROR"u8.ToArray(),
    ];

    private sealed partial class Decoder
    {
        // Unescaped copies of escaped names and values; only escaped input touches them.
        private byte[] _nameScratch = [];
        private byte[] _valueScratch = [];
        private ProtoWriter? _nested;

        public void Dispose()
        {
            _nested?.Dispose();
            if (_nameScratch.Length > 0) ArrayPool<byte>.Shared.Return(_nameScratch);
            if (_valueScratch.Length > 0) ArrayPool<byte>.Shared.Return(_valueScratch, clearArray: true);
        }

        // KeyValue { "key": string, "value": AnyValue }
        private void ReadKeyValue(ref Utf8JsonReader reader, RowList<KeyValueRow> table)
        {
            ExpectObject(ref reader, "attributes[]");
            var row = new KeyValueRow();
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "key"u8, "key"u8)) row.Key = ReadString(ref reader, "key");
                else if (Is(name, "value"u8, "value"u8)) ReadAnyValue(ref reader, ref row.Value);
                else reader.Skip();
            }
            table.Add(in row);
        }

        // AnyValue { one of "stringValue": string, "boolValue": bool, "intValue": int64, "doubleValue": double,
        //            "arrayValue": ArrayValue, "kvlistValue": KeyValueList, "bytesValue": base64 }
        // Arrays and kvlists are stored as the protobuf bytes of the ArrayValue / KeyValueList message.
        private void ReadAnyValue(ref Utf8JsonReader reader, ref AnyValueRow value)
        {
            ExpectObject(ref reader, "value");
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "stringValue"u8, "string_value"u8)) value = AnyValueRow.FromString(ReadString(ref reader, "stringValue"));
                else if (Is(name, "boolValue"u8, "bool_value"u8)) value = AnyValueRow.FromBool(ReadBool(ref reader, "boolValue"));
                else if (Is(name, "intValue"u8, "int_value"u8)) value = AnyValueRow.FromInt(ReadInt64(ref reader, "intValue"));
                else if (Is(name, "doubleValue"u8, "double_value"u8)) value = AnyValueRow.FromDouble(ReadDouble(ref reader, "doubleValue"));
                else if (Is(name, "bytesValue"u8, "bytes_value"u8)) value = new AnyValueRow { Kind = ValueKind.Bytes, Bytes = ReadBase64(ref reader, "bytesValue") };
                else if (Is(name, "arrayValue"u8, "array_value"u8)) value = new AnyValueRow { Kind = ValueKind.Array, Bytes = EncodeNested(ref reader, ValueKind.Array) };
                else if (Is(name, "kvlistValue"u8, "kvlist_value"u8)) value = new AnyValueRow { Kind = ValueKind.KvList, Bytes = EncodeNested(ref reader, ValueKind.KvList) };
                else reader.Skip();
            }
        }

        private Utf8Ref EncodeNested(ref Utf8JsonReader reader, ValueKind kind)
        {
            var writer = _nested ??= new ProtoWriter();
            writer.Reset();
            if (kind == ValueKind.Array) WriteArrayValue(ref reader, writer, 1);
            else WriteKvList(ref reader, writer, 1);
            return _bytes.Append(writer.WrittenSpan);
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
                    var mark = _bytes.Length;
                    var decoded = ReadBase64(ref reader, "bytesValue");
                    writer.WriteBytesField(F.AnyValue.BytesValue, _bytes.Get(decoded));
                    _bytes.Truncate(mark);
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

        // ---- JSON structure -------------------------------------------------------------------

        /// <summary>
        /// Advances to the next property of the current object and onto its value; false at the
        /// object's end. Properties whose value is null are skipped: null means "not set".
        /// The name stays valid until the next call (it points into the payload or a scratch buffer).
        /// </summary>
        private bool NextProperty(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
        {
            while (true)
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    name = default;
                    return false; // EndObject: the reader rejects anything else inside an object
                }
                name = reader.ValueIsEscaped ? Unescape(ref reader, ref _nameScratch) : reader.ValueSpan;
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null) return true;
            }
        }

        /// <summary>Advances onto the next element of the current array; false at its end.</summary>
        private static bool NextElement(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType != JsonTokenType.EndArray;

        private static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> camelCase, ReadOnlySpan<byte> snakeCase) =>
            name.SequenceEqual(camelCase) || name.SequenceEqual(snakeCase);

        private static void ExpectObject(ref Utf8JsonReader reader, string what)
        {
            if (reader.TokenType != JsonTokenType.StartObject) ThrowType(reader.TokenStartIndex, what, "an object", reader.TokenType);
        }

        private static void ExpectArray(ref Utf8JsonReader reader, string what)
        {
            if (reader.TokenType != JsonTokenType.StartArray) ThrowType(reader.TokenStartIndex, what, "an array", reader.TokenType);
        }

        // ---- scalars --------------------------------------------------------------------------

        private Utf8Ref ReadString(ref Utf8JsonReader reader, string what)
        {
            if (reader.TokenType != JsonTokenType.String) ThrowType(reader.TokenStartIndex, what, "a string", reader.TokenType);
            if (!reader.ValueIsEscaped) return _bytes.Append(reader.ValueSpan);
            // Unescaping only shrinks, so the escaped length is enough room.
            var start = _bytes.Length;
            var room = _bytes.Reserve(reader.ValueSpan.Length, out _);
            var written = reader.CopyString(room);
            _bytes.Truncate(start + written);
            return written == 0 ? default : new Utf8Ref(start, written);
        }

        /// <summary>A string value's unescaped UTF-8, valid until the next value is read.</summary>
        private ReadOnlySpan<byte> StringBytes(ref Utf8JsonReader reader, string what)
        {
            if (reader.TokenType != JsonTokenType.String) ThrowType(reader.TokenStartIndex, what, "a string", reader.TokenType);
            return reader.ValueIsEscaped ? Unescape(ref reader, ref _valueScratch) : reader.ValueSpan;
        }

        private static bool ReadBool(ref Utf8JsonReader reader, string what)
        {
            if (reader.TokenType == JsonTokenType.True) return true;
            if (reader.TokenType == JsonTokenType.False) return false;
            ThrowType(reader.TokenStartIndex, what, "true or false", reader.TokenType);
            return false;
        }

        private ulong ReadUInt64(ref Utf8JsonReader reader, string what)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var n)) return n;
            if (reader.TokenType == JsonTokenType.String)
            {
                var text = StringBytes(ref reader, what);
                if (Utf8Parser.TryParse(text, out ulong s, out var used) && used == text.Length) return s;
            }
            ThrowType(reader.TokenStartIndex, what, "an unsigned 64-bit integer (number or string)", reader.TokenType);
            return 0;
        }

        private long ReadInt64(ref Utf8JsonReader reader, string what)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var n)) return n;
            if (reader.TokenType == JsonTokenType.String)
            {
                var text = StringBytes(ref reader, what);
                if (Utf8Parser.TryParse(text, out long s, out var used) && used == text.Length) return s;
            }
            ThrowType(reader.TokenStartIndex, what, "a 64-bit integer (number or string)", reader.TokenType);
            return 0;
        }

        private uint ReadUInt32(ref Utf8JsonReader reader, string what)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var n)) return n;
            if (reader.TokenType == JsonTokenType.String)
            {
                var text = StringBytes(ref reader, what);
                if (Utf8Parser.TryParse(text, out uint s, out var used) && used == text.Length) return s;
            }
            ThrowType(reader.TokenStartIndex, what, "an unsigned 32-bit integer", reader.TokenType);
            return 0;
        }

        // The protobuf JSON mapping writes non-finite doubles as the strings "NaN", "Infinity", "-Infinity".
        private double ReadDouble(ref Utf8JsonReader reader, string what)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var n)) return n;
            if (reader.TokenType == JsonTokenType.String)
            {
                var text = StringBytes(ref reader, what);
                if (text.SequenceEqual("NaN"u8)) return double.NaN;
                if (text.SequenceEqual("Infinity"u8)) return double.PositiveInfinity;
                if (text.SequenceEqual("-Infinity"u8)) return double.NegativeInfinity;
                if (Utf8Parser.TryParse(text, out double s, out var used) && used == text.Length) return s;
            }
            ThrowType(reader.TokenStartIndex, what, "a number, \"NaN\", \"Infinity\" or \"-Infinity\"", reader.TokenType);
            return 0;
        }

        private byte ReadEnum(ref Utf8JsonReader reader, string what, byte[][] names)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n)) return n is >= 0 and <= byte.MaxValue ? (byte)n : (byte)0;
            if (reader.TokenType == JsonTokenType.String)
            {
                var text = StringBytes(ref reader, what);
                for (var i = 0; i < names.Length; i++)
                {
                    if (text.SequenceEqual(names[i])) return (byte)i;
                }
            }
            ThrowType(reader.TokenStartIndex, what, "an enum number or name", reader.TokenType);
            return 0;
        }

        /// <summary>
        /// Decodes an id string into <paramref name="destination"/>. A string of exactly the hex
        /// length of a <paramref name="size"/>-byte id must be hex (the OTLP/JSON rule); other
        /// lengths are read as hex when they are hex, else as base64, so a wrong-sized id is
        /// reported by its size. Returns the byte length, 0 for an empty string, -1 when the
        /// string decodes as neither.
        /// </summary>
        private int ReadId(ref Utf8JsonReader reader, scoped Span<byte> destination, int size, string what)
        {
            var text = StringBytes(ref reader, what);
            if (text.IsEmpty) return 0;
            if (text.Length == size * 2) return TryDecodeHex(text, destination) ? size : -1;
            if (text.Length % 2 == 0 && text.Length / 2 <= destination.Length && TryDecodeHex(text, destination)) return text.Length / 2;
            return Base64.DecodeFromUtf8(text, destination, out var consumed, out var written) == OperationStatus.Done && consumed == text.Length
                ? written
                : -1;
        }

        private static bool TryDecodeHex(ReadOnlySpan<byte> hex, Span<byte> destination)
        {
            for (var i = 0; i < hex.Length; i += 2)
            {
                int high = HexDigit(hex[i]), low = HexDigit(hex[i + 1]);
                if ((high | low) < 0) return false;
                destination[i / 2] = (byte)((high << 4) | low);
            }
            return true;
        }

        private static int HexDigit(byte c) => c switch
        {
            >= (byte)'0' and <= (byte)'9' => c - '0',
            >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
            _ => -1,
        };

        /// <summary>
        /// A base64 bytes value decoded into the arena. The protobuf JSON mapping accepts the
        /// standard and the URL-safe alphabet, with or without padding.
        /// </summary>
        private Utf8Ref ReadBase64(ref Utf8JsonReader reader, string what)
        {
            var text = StringBytes(ref reader, what);
            if (text.IsEmpty) return default;
            var start = _bytes.Length;
            var room = _bytes.Reserve(Base64.GetMaxDecodedFromUtf8Length(text.Length) + 2, out _);
            if (Base64.DecodeFromUtf8(text, room, out var consumed, out var written) != OperationStatus.Done || consumed != text.Length)
            {
                Span<byte> normalized = text.Length <= 1024 ? stackalloc byte[text.Length + 3] : new byte[text.Length + 3];
                var length = NormalizeBase64(text, normalized);
                if (length < 0
                    || Base64.DecodeFromUtf8(normalized[..length], room, out consumed, out written) != OperationStatus.Done
                    || consumed != length)
                {
                    _bytes.Truncate(start);
                    ThrowType(reader.TokenStartIndex, what, "base64", reader.TokenType);
                }
            }
            _bytes.Truncate(start + written);
            return written == 0 ? default : new Utf8Ref(start, written);
        }

        private static int NormalizeBase64(ReadOnlySpan<byte> text, Span<byte> destination)
        {
            var n = 0;
            foreach (var c in text)
            {
                destination[n++] = c switch { (byte)'-' => (byte)'+', (byte)'_' => (byte)'/', _ => c };
            }
            if (n % 4 == 1) return -1;
            while (n % 4 != 0) destination[n++] = (byte)'=';
            return n;
        }

        private static ReadOnlySpan<byte> Unescape(ref Utf8JsonReader reader, ref byte[] scratch)
        {
            var needed = reader.ValueSpan.Length;
            if (scratch.Length < needed)
            {
                if (scratch.Length > 0) ArrayPool<byte>.Shared.Return(scratch);
                scratch = ArrayPool<byte>.Shared.Rent(Math.Max(256, needed));
            }
            var written = reader.CopyString(scratch);
            return scratch.AsSpan(0, written);
        }

        [DoesNotReturn]
        private static void ThrowType(long offset, string what, string expected, JsonTokenType found) =>
            throw new OtlpFormatException($"invalid OTLP/JSON at byte {offset}: {what} must be {expected}, found {Describe(found)}");

        private static string Describe(JsonTokenType token) => token switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            _ => token.ToString(),
        };
    }
}
