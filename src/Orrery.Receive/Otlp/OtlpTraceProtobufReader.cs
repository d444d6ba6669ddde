using Orrery.Receive.Otlp.Common;
using Orrery.Signals;
using Orrery.Signals.Protobuf;
using Orrery.Signals.Traces;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;

namespace Orrery.Receive.Otlp;

/// <summary>
/// Decodes an OTLP <c>ExportTraceServiceRequest</c> (also <c>TracesData</c>, same layout) straight
/// from protobuf bytes into a <see cref="SpanBatch"/>: strings are copied as UTF-8 into the batch's
/// arena and rows are appended in place, so decoding allocates nothing per span or attribute.
/// </summary>
/// <remarks>
/// <para>A span with an invalid trace id, span id or parent span id (wrong size, or all zeros for
/// the first two) is rejected alone: its rows are undone and it is counted in the result. A
/// malformed payload throws <see cref="OtlpFormatException"/> and leaves the batch as it was.</para>
/// <para>Protobuf semantics are kept: fields may come in any order, a repeated singular field
/// overwrites (a repeated message merges), unknown fields and known fields with an unexpected wire
/// type are skipped. Strings are not checked for valid UTF-8 (that would cost a pass over every
/// byte); they are stored as given. ResourceSpans and ScopeSpans left without spans are dropped.
/// Resource.entity_refs (in development upstream) is skipped. Enum values outside 0..255 are
/// stored as 0 (unspecified/unset), since rows keep enums in a byte.</para>
/// </remarks>
public static partial class OtlpTraceProtobufReader
{
    private const int Varint = (int)WireType.Varint;
    private const int I64 = (int)WireType.Fixed64;
    private const int Len = (int)WireType.LengthDelimited;
    private const int I32 = (int)WireType.Fixed32;

    public static OtlpDecodeResult Read(ReadOnlySpan<byte> payload, SpanBatch destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var start = new SpanBatchMark(destination);
        var decoder = new Decoder(destination);
        try
        {
            var reader = new ProtoReader(payload);
            // message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
            while (reader.TryReadTag(out var tag))
            {
                if (tag == (F.TracesData.ResourceSpans << 3 | Len))
                {
                    var resourceSpans = reader.ReadMessage();
                    decoder.ReadResourceSpans(ref resourceSpans);
                }
                else
                {
                    reader.SkipField(tag);
                }
            }
        }
        catch (ProtobufFormatException e)
        {
            start.Restore(destination);
            throw new OtlpFormatException($"malformed OTLP protobuf ExportTraceServiceRequest: {e.Message}", e);
        }
        var accepted = destination.Spans.Count - start.Spans;
        return new OtlpDecodeResult(accepted, decoder.Rejections.Count, decoder.Rejections.Message);
    }

    private sealed partial class Decoder(SpanBatch batch)
    {
        private readonly SpanBatch _batch = batch;
        private readonly ByteArena _bytes = batch.Bytes;
        private int _resourceIndex = -1;
        private int _scopeIndex;
        private int _spanIndex;

        public SpanRejections Rejections;

        // message ResourceSpans {
        //   Resource resource = 1;
        //   repeated ScopeSpans scope_spans = 2;
        //   string schema_url = 3;
        // }
        public void ReadResourceSpans(ref ProtoReader reader)
        {
            _resourceIndex++;
            _scopeIndex = -1;
            var mark = new SpanBatchMark(_batch);
            // The row exists before its fields are read: scope_spans may precede resource.
            var row = _batch.Resources.Count;
            _batch.Resources.Add();
            var attributeStart = _batch.ResourceAttributes.Count;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.ResourceSpans.Resource << 3 | Len:
                        var resource = reader.ReadMessage();
                        OtlpCommonProtobuf.ReadResource(ref resource, _bytes, _batch.ResourceAttributes, ref _batch.Resources[row].DroppedAttributesCount);
                        break;
                    case F.ResourceSpans.ScopeSpans << 3 | Len:
                        var scopeSpans = reader.ReadMessage();
                        ReadScopeSpans(ref scopeSpans, row);
                        break;
                    case F.ResourceSpans.SchemaUrl << 3 | Len:
                        _batch.Resources[row].SchemaUrl = _bytes.Append(reader.ReadBytes());
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            if (_batch.Spans.Count == mark.Spans)
            {
                mark.Restore(_batch);
                return;
            }
            _batch.Resources[row].Attributes = new RowRange(attributeStart, _batch.ResourceAttributes.Count - attributeStart);
        }

        // message ScopeSpans {
        //   InstrumentationScope scope = 1;
        //   repeated Span spans = 2;
        //   string schema_url = 3;
        // }
        private void ReadScopeSpans(ref ProtoReader reader, int resourceRow)
        {
            _scopeIndex++;
            _spanIndex = -1;
            var mark = new SpanBatchMark(_batch);
            var row = _batch.Scopes.Count;
            _batch.Scopes.Add().Resource = resourceRow;
            var attributeStart = _batch.ScopeAttributes.Count;
            var fields = new OtlpScopeFields(); // a repeated scope merges into it, as protobuf does
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.ScopeSpans.Scope << 3 | Len:
                        var scope = reader.ReadMessage();
                        OtlpCommonProtobuf.ReadScope(ref scope, _bytes, _batch.ScopeAttributes, ref fields);
                        break;
                    case F.ScopeSpans.Spans << 3 | Len:
                        var span = reader.ReadMessage();
                        ReadSpan(ref span, row);
                        break;
                    case F.ScopeSpans.SchemaUrl << 3 | Len:
                        _batch.Scopes[row].SchemaUrl = _bytes.Append(reader.ReadBytes());
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
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
