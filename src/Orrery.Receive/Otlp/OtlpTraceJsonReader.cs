using System.Text.Json;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Receive.Otlp;

/// <summary>
/// Decodes an OTLP/JSON <c>ExportTraceServiceRequest</c> into a <see cref="SpanBatch"/> with a
/// <see cref="Utf8JsonReader"/> over the payload: no DOM, strings unescaped straight into the arena.
/// </summary>
/// <remarks>
/// <para>The OTLP/JSON rules: lowerCamelCase names (the protobuf snake_case names are accepted too,
/// as the protobuf JSON mapping allows), trace and span ids as hex (either case), enums as integers
/// or their names, 64-bit integers as strings or numbers, bytes as base64, unknown fields ignored,
/// <c>null</c> meaning "not set". Ids are also accepted as base64 (told apart by length and
/// alphabet: a base64 id always carries '=' padding) because that is how Tempo's own JSON and
/// Google.Protobuf's JsonFormatter write them.</para>
/// <para>Validation matches <see cref="OtlpTraceProtobufReader"/>: a span with invalid ids is
/// rejected alone (an id string that is neither hex nor base64 counts as invalid); malformed JSON
/// or a value of the wrong JSON type throws <see cref="OtlpFormatException"/> naming the byte
/// offset, and leaves the batch as it was.</para>
/// </remarks>
public static partial class OtlpTraceJsonReader
{
    /// <summary>
    /// JSON nesting allowed. A span attribute sits 9 levels deep and each nested array or kvlist
    /// adds 3-4 more; 256 leaves room for <see cref="Signals.Protobuf.OtlpNestedValues.MaxDepth"/>
    /// to be the limit that bites, with the same message as for protobuf.
    /// </summary>
    private const int MaxJsonDepth = 256;

    public static OtlpDecodeResult Read(ReadOnlySpan<byte> utf8Json, SpanBatch destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var start = new SpanBatchMark(destination);
        using var decoder = new Decoder(destination);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxJsonDepth });
        try
        {
            decoder.ReadRequest(ref reader);
        }
        catch (JsonException e)
        {
            start.Restore(destination);
            throw new OtlpFormatException($"malformed OTLP/JSON near byte {reader.BytesConsumed}: {e.Message}", e);
        }
        catch (OtlpFormatException)
        {
            start.Restore(destination);
            throw;
        }
        catch (Signals.Protobuf.ProtobufFormatException e)
        {
            // Only the nesting limit of arrays/kvlists can raise this here.
            start.Restore(destination);
            throw new OtlpFormatException($"invalid OTLP/JSON near byte {reader.BytesConsumed}: {e.Message}", e);
        }
        var accepted = destination.Spans.Count - start.Spans;
        return new OtlpDecodeResult(accepted, decoder.Rejections.Count, decoder.Rejections.Message);
    }

    private sealed partial class Decoder(SpanBatch batch) : IDisposable
    {
        private readonly SpanBatch _batch = batch;
        private readonly ByteArena _bytes = batch.Bytes;
        private int _resourceIndex = -1;
        private int _scopeIndex;
        private int _spanIndex;

        public SpanRejections Rejections;

        // ExportTraceServiceRequest { "resourceSpans": [ResourceSpans] }
        public void ReadRequest(ref Utf8JsonReader reader)
        {
            reader.Read();
            ExpectObject(ref reader, "the request");
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "resourceSpans"u8, "resource_spans"u8))
                {
                    ExpectArray(ref reader, "resourceSpans");
                    while (NextElement(ref reader)) ReadResourceSpans(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            if (reader.Read()) ThrowType(reader.TokenStartIndex, "the request", "a single JSON object", reader.TokenType);
        }

        // ResourceSpans { "resource": Resource, "scopeSpans": [ScopeSpans], "schemaUrl": string }
        private void ReadResourceSpans(ref Utf8JsonReader reader)
        {
            ExpectObject(ref reader, "resourceSpans[]");
            _resourceIndex++;
            _scopeIndex = -1;
            var mark = new SpanBatchMark(_batch);
            var row = _batch.Resources.Count;
            _batch.Resources.Add();
            var attributeStart = _batch.ResourceAttributes.Count;
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "resource"u8, "resource"u8))
                {
                    ReadResource(ref reader, row);
                }
                else if (Is(name, "scopeSpans"u8, "scope_spans"u8))
                {
                    ExpectArray(ref reader, "scopeSpans");
                    while (NextElement(ref reader)) ReadScopeSpans(ref reader, row);
                }
                else if (Is(name, "schemaUrl"u8, "schema_url"u8))
                {
                    _batch.Resources[row].SchemaUrl = ReadString(ref reader, "schemaUrl");
                }
                else
                {
                    reader.Skip();
                }
            }
            if (_batch.Spans.Count == mark.Spans)
            {
                mark.Restore(_batch);
                return;
            }
            _batch.Resources[row].Attributes = new RowRange(attributeStart, _batch.ResourceAttributes.Count - attributeStart);
        }

        // Resource { "attributes": [KeyValue], "droppedAttributesCount": uint32 }
        private void ReadResource(ref Utf8JsonReader reader, int row)
        {
            ExpectObject(ref reader, "resource");
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "attributes"u8, "attributes"u8)) ReadAttributes(ref reader, _batch.ResourceAttributes);
                else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8)) _batch.Resources[row].DroppedAttributesCount = ReadUInt32(ref reader, "droppedAttributesCount");
                else reader.Skip();
            }
        }

        // ScopeSpans { "scope": InstrumentationScope, "spans": [Span], "schemaUrl": string }
        private void ReadScopeSpans(ref Utf8JsonReader reader, int resourceRow)
        {
            ExpectObject(ref reader, "scopeSpans[]");
            _scopeIndex++;
            _spanIndex = -1;
            var mark = new SpanBatchMark(_batch);
            var row = _batch.Scopes.Count;
            _batch.Scopes.Add().Resource = resourceRow;
            var attributeStart = _batch.ScopeAttributes.Count;
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "scope"u8, "scope"u8))
                {
                    ReadScope(ref reader, row);
                }
                else if (Is(name, "spans"u8, "spans"u8))
                {
                    ExpectArray(ref reader, "spans");
                    while (NextElement(ref reader)) ReadSpan(ref reader, row);
                }
                else if (Is(name, "schemaUrl"u8, "schema_url"u8))
                {
                    _batch.Scopes[row].SchemaUrl = ReadString(ref reader, "schemaUrl");
                }
                else
                {
                    reader.Skip();
                }
            }
            if (_batch.Spans.Count == mark.Spans)
            {
                mark.Restore(_batch);
                return;
            }
            _batch.Scopes[row].Attributes = new RowRange(attributeStart, _batch.ScopeAttributes.Count - attributeStart);
        }

        // InstrumentationScope { "name": string, "version": string, "attributes": [KeyValue], "droppedAttributesCount": uint32 }
        private void ReadScope(ref Utf8JsonReader reader, int row)
        {
            ExpectObject(ref reader, "scope");
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "name"u8, "name"u8)) _batch.Scopes[row].Name = ReadString(ref reader, "scope.name");
                else if (Is(name, "version"u8, "version"u8)) _batch.Scopes[row].Version = ReadString(ref reader, "scope.version");
                else if (Is(name, "attributes"u8, "attributes"u8)) ReadAttributes(ref reader, _batch.ScopeAttributes);
                else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8)) _batch.Scopes[row].DroppedAttributesCount = ReadUInt32(ref reader, "droppedAttributesCount");
                else reader.Skip();
            }
        }

        private void ReadAttributes(ref Utf8JsonReader reader, RowList<KeyValueRow> table)
        {
            ExpectArray(ref reader, "attributes");
            while (NextElement(ref reader)) ReadKeyValue(ref reader, table);
        }
    }
}
