using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Orrery.Signals;
using Orrery.Signals.Protobuf;

namespace Orrery.Receive.Otlp.Common;

/// <summary>
/// The base of every OTLP/JSON decoder (traces, metrics, logs): walks a <see cref="Utf8JsonReader"/>
/// over the payload (no DOM) and decodes the messages all signals share — <c>Resource</c>,
/// <c>InstrumentationScope</c>, <c>KeyValue</c>, <c>AnyValue</c> — and the scalars of the OTLP/JSON
/// mapping into <see cref="Bytes"/> and any attribute table.
/// </summary>
/// <remarks>
/// <para>The OTLP/JSON rules: lowerCamelCase names (the protobuf snake_case names are accepted too,
/// as the protobuf JSON mapping allows), enums as integers or their names, 64-bit integers as
/// strings or numbers, bytes as base64, unknown fields ignored, <c>null</c> meaning "not set".
/// A value of the wrong JSON type throws <see cref="OtlpFormatException"/> naming the byte offset.</para>
/// <para>A subclass reads one signal's request: <see cref="Decode"/> walks the request object and
/// calls <see cref="ReadResourceEntry"/> for each element of its top-level array.</para>
/// </remarks>
public abstract partial class OtlpCommonJson(ByteArena bytes) : IDisposable
{
    /// <summary>
    /// JSON nesting allowed. A span attribute sits 9 levels deep and each nested array or kvlist
    /// adds 3-4 more; 256 leaves room for <see cref="OtlpNestedValues.MaxDepth"/> to be the limit
    /// that bites, with the same message as for protobuf.
    /// </summary>
    private const int MaxJsonDepth = 256;

    // Unescaped copies of escaped names and values; only escaped input touches them.
    private byte[] _nameScratch = [];
    private byte[] _valueScratch = [];
    private ProtoWriter? _nested;

    /// <summary>The arena strings and bytes are decoded into.</summary>
    protected ByteArena Bytes { get; } = bytes;

    /// <summary>
    /// Reads a whole request: one JSON object whose array <paramref name="camelCase"/> (or
    /// <paramref name="snakeCase"/>) holds the <c>Resource{Spans,Metrics,Logs}</c> entries. Any
    /// malformation becomes an <see cref="OtlpFormatException"/> naming the byte offset; the
    /// caller undoes what was decoded.
    /// </summary>
    /// <param name="arrayName">The array's name for error messages.</param>
    public void Decode(ReadOnlySpan<byte> utf8Json, ReadOnlySpan<byte> camelCase, ReadOnlySpan<byte> snakeCase, string arrayName)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxJsonDepth });
        try
        {
            reader.Read();
            ExpectObject(ref reader, "the request");
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, camelCase, snakeCase))
                {
                    ExpectArray(ref reader, arrayName);
                    while (NextElement(ref reader)) ReadResourceEntry(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            if (reader.Read()) ThrowType(reader.TokenStartIndex, "the request", "a single JSON object", reader.TokenType);
        }
        catch (JsonException e)
        {
            throw new OtlpFormatException($"malformed OTLP/JSON near byte {reader.BytesConsumed}: {e.Message}", e);
        }
        catch (ProtobufFormatException e)
        {
            // Only the nesting limit of arrays/kvlists can raise this here.
            throw new OtlpFormatException($"invalid OTLP/JSON near byte {reader.BytesConsumed}: {e.Message}", e);
        }
    }

    /// <summary>Reads one element of the request's top-level array; the reader is on its first token.</summary>
    protected abstract void ReadResourceEntry(ref Utf8JsonReader reader);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        _nested?.Dispose();
        _nested = null;
        if (_nameScratch.Length > 0) ArrayPool<byte>.Shared.Return(_nameScratch);
        if (_valueScratch.Length > 0) ArrayPool<byte>.Shared.Return(_valueScratch, clearArray: true);
        _nameScratch = [];
        _valueScratch = [];
    }

    // Resource { "attributes": [KeyValue], "droppedAttributesCount": uint32 }
    protected void ReadResource(ref Utf8JsonReader reader, RowList<KeyValueRow> attributes, ref uint droppedAttributesCount)
    {
        ExpectObject(ref reader, "resource");
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "attributes"u8, "attributes"u8)) ReadAttributes(ref reader, attributes);
            else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8)) droppedAttributesCount = ReadUInt32(ref reader, "droppedAttributesCount");
            else reader.Skip();
        }
    }

    // InstrumentationScope { "name": string, "version": string, "attributes": [KeyValue], "droppedAttributesCount": uint32 }
    protected void ReadScope(ref Utf8JsonReader reader, RowList<KeyValueRow> attributes, ref OtlpScopeFields scope)
    {
        ExpectObject(ref reader, "scope");
        while (NextProperty(ref reader, out var name))
        {
            if (Is(name, "name"u8, "name"u8)) scope.Name = ReadString(ref reader, "scope.name");
            else if (Is(name, "version"u8, "version"u8)) scope.Version = ReadString(ref reader, "scope.version");
            else if (Is(name, "attributes"u8, "attributes"u8)) ReadAttributes(ref reader, attributes);
            else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8)) scope.DroppedAttributesCount = ReadUInt32(ref reader, "droppedAttributesCount");
            else reader.Skip();
        }
    }

    protected void ReadAttributes(ref Utf8JsonReader reader, RowList<KeyValueRow> table)
    {
        ExpectArray(ref reader, "attributes");
        while (NextElement(ref reader)) ReadKeyValue(ref reader, table);
    }

    // KeyValue { "key": string, "value": AnyValue }
    protected void ReadKeyValue(ref Utf8JsonReader reader, RowList<KeyValueRow> table)
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
    protected void ReadAnyValue(ref Utf8JsonReader reader, ref AnyValueRow value)
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

    // ---- JSON structure -------------------------------------------------------------------

    /// <summary>
    /// Advances to the next property of the current object and onto its value; false at the
    /// object's end. Properties whose value is null are skipped: null means "not set".
    /// The name stays valid until the next call (it points into the payload or a scratch buffer).
    /// </summary>
    protected bool NextProperty(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
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
    protected static bool NextElement(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType != JsonTokenType.EndArray;

    protected static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> camelCase, ReadOnlySpan<byte> snakeCase) =>
        name.SequenceEqual(camelCase) || name.SequenceEqual(snakeCase);

    protected static void ExpectObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject) ThrowType(reader.TokenStartIndex, what, "an object", reader.TokenType);
    }

    protected static void ExpectArray(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartArray) ThrowType(reader.TokenStartIndex, what, "an array", reader.TokenType);
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
    protected static void ThrowType(long offset, string what, string expected, JsonTokenType found) =>
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
