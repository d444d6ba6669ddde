using System.Text.Json;
using Orrery.Receive.Otlp.Common;
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
    public static OtlpDecodeResult Read(ReadOnlySpan<byte> utf8Json, SpanBatch destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var start = new SpanBatchMark(destination);
        using var decoder = new Decoder(destination);
        try
        {
            decoder.Decode(utf8Json, "resourceSpans"u8, "resource_spans"u8, "resourceSpans");
        }
        catch (OtlpFormatException)
        {
            start.Restore(destination);
            throw;
        }
        var accepted = destination.Spans.Count - start.Spans;
        return new OtlpDecodeResult(accepted, decoder.Rejections.Count, decoder.Rejections.Message);
    }

    private sealed partial class Decoder(SpanBatch batch) : OtlpCommonJson(batch.Bytes)
    {
        private readonly SpanBatch _batch = batch;
        private int _resourceIndex = -1;
        private int _scopeIndex;
        private int _spanIndex;

        public SpanRejections Rejections;

        // ResourceSpans { "resource": Resource, "scopeSpans": [ScopeSpans], "schemaUrl": string }
        protected override void ReadResourceEntry(ref Utf8JsonReader reader)
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
                    ReadResource(ref reader, _batch.ResourceAttributes, ref _batch.Resources[row].DroppedAttributesCount);
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
            var fields = new OtlpScopeFields(); // a repeated scope merges into it, as protobuf does
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "scope"u8, "scope"u8))
                {
                    ReadScope(ref reader, _batch.ScopeAttributes, ref fields);
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
            ref var scopeRow = ref _batch.Scopes[row];
            (scopeRow.Name, scopeRow.Version, scopeRow.DroppedAttributesCount) = (fields.Name, fields.Version, fields.DroppedAttributesCount);
            scopeRow.Attributes = new RowRange(attributeStart, _batch.ScopeAttributes.Count - attributeStart);
        }
    }
}
