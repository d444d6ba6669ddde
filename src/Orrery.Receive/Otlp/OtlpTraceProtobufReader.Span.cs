using Orrery.Receive.Otlp.Common;
using Orrery.Signals;
using Orrery.Signals.Protobuf;
using Orrery.Signals.Traces;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;

namespace Orrery.Receive.Otlp;

public static partial class OtlpTraceProtobufReader
{
    private sealed partial class Decoder
    {
        // message Span {
        //   bytes trace_id = 1;
        //   bytes span_id = 2;
        //   string trace_state = 3;
        //   bytes parent_span_id = 4;
        //   fixed32 flags = 16;
        //   string name = 5;
        //   SpanKind kind = 6;
        //   fixed64 start_time_unix_nano = 7;
        //   fixed64 end_time_unix_nano = 8;
        //   repeated KeyValue attributes = 9;
        //   uint32 dropped_attributes_count = 10;
        //   repeated Event events = 11;
        //   uint32 dropped_events_count = 12;
        //   repeated Link links = 13;
        //   uint32 dropped_links_count = 14;
        //   Status status = 15;
        // }
        private void ReadSpan(ref ProtoReader reader, int scopeRow)
        {
            _spanIndex++;
            var mark = new SpanBatchMark(_batch);
            var batch = _batch;
            var span = new SpanRow { Scope = scopeRow };
            int traceIdLength = 0, spanIdLength = 0, parentLength = 0;
            SpanDefect linkDefect = default;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.Span.TraceId << 3 | Len:
                        var traceId = reader.ReadBytes();
                        traceIdLength = traceId.Length;
                        span.TraceId = traceId.Length == TraceId.Size ? TraceId.Read(traceId) : default;
                        break;
                    case F.Span.SpanId << 3 | Len:
                        var spanId = reader.ReadBytes();
                        spanIdLength = spanId.Length;
                        span.SpanId = spanId.Length == SpanId.Size ? SpanId.Read(spanId) : default;
                        break;
                    case F.Span.TraceState << 3 | Len:
                        span.TraceState = _bytes.Append(reader.ReadBytes());
                        break;
                    case F.Span.ParentSpanId << 3 | Len:
                        var parent = reader.ReadBytes();
                        parentLength = parent.Length;
                        span.ParentSpanId = parent.Length == SpanId.Size ? SpanId.Read(parent) : default;
                        break;
                    case F.Span.Flags << 3 | I32:
                        span.Flags = reader.ReadFixed32();
                        break;
                    case F.Span.Name << 3 | Len:
                        span.Name = _bytes.Append(reader.ReadBytes());
                        break;
                    case F.Span.Kind << 3 | Varint:
                        span.Kind = (SpanKind)OtlpCommonProtobuf.EnumByte(reader.ReadVarint64());
                        break;
                    case F.Span.StartTimeUnixNano << 3 | I64:
                        span.StartUnixNano = (long)reader.ReadFixed64();
                        break;
                    case F.Span.EndTimeUnixNano << 3 | I64:
                        span.EndUnixNano = (long)reader.ReadFixed64();
                        break;
                    case F.Span.Attributes << 3 | Len:
                        var keyValue = reader.ReadMessage();
                        OtlpCommonProtobuf.ReadKeyValue(ref keyValue, _bytes, batch.SpanAttributes);
                        break;
                    case F.Span.DroppedAttributesCount << 3 | Varint:
                        span.DroppedAttributesCount = reader.ReadVarint32();
                        break;
                    case F.Span.Events << 3 | Len:
                        var spanEvent = reader.ReadMessage();
                        ReadEvent(ref spanEvent);
                        break;
                    case F.Span.DroppedEventsCount << 3 | Varint:
                        span.DroppedEventsCount = reader.ReadVarint32();
                        break;
                    case F.Span.Links << 3 | Len:
                        var link = reader.ReadMessage();
                        ReadLink(ref link, mark.LinksSince(batch), ref linkDefect);
                        break;
                    case F.Span.DroppedLinksCount << 3 | Varint:
                        span.DroppedLinksCount = reader.ReadVarint32();
                        break;
                    case F.Span.Status << 3 | Len:
                        var status = reader.ReadMessage();
                        ReadStatus(ref status, ref span);
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }

            // Id defects take precedence over a link's: they name the span itself.
            var defect = SpanDefect.OfIds(span, traceIdLength, spanIdLength, parentLength, json: false);
            if (defect.IsValid) defect = linkDefect;
            if (!defect.IsValid)
            {
                mark.Restore(batch);
                Rejections.Add(defect, json: false, _resourceIndex, _scopeIndex, _spanIndex);
                return;
            }

            mark.AddSpan(batch, ref span);
        }

        // message Event {
        //   fixed64 time_unix_nano = 1;
        //   string name = 2;
        //   repeated KeyValue attributes = 3;
        //   uint32 dropped_attributes_count = 4;
        // }
        private void ReadEvent(ref ProtoReader reader)
        {
            var row = new EventRow();
            var attributeStart = _batch.EventAttributes.Count;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.Event.TimeUnixNano << 3 | I64:
                        row.TimeUnixNano = (long)reader.ReadFixed64();
                        break;
                    case F.Event.Name << 3 | Len:
                        row.Name = _bytes.Append(reader.ReadBytes());
                        break;
                    case F.Event.Attributes << 3 | Len:
                        var keyValue = reader.ReadMessage();
                        OtlpCommonProtobuf.ReadKeyValue(ref keyValue, _bytes, _batch.EventAttributes);
                        break;
                    case F.Event.DroppedAttributesCount << 3 | Varint:
                        row.DroppedAttributesCount = reader.ReadVarint32();
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            row.Attributes = new RowRange(attributeStart, _batch.EventAttributes.Count - attributeStart);
            _batch.Events.Add(in row);
        }

        // message Link {
        //   bytes trace_id = 1;
        //   bytes span_id = 2;
        //   string trace_state = 3;
        //   repeated KeyValue attributes = 4;
        //   uint32 dropped_attributes_count = 5;
        //   fixed32 flags = 6;
        // }
        // A link's ids may be absent (an SDK may record a link to an invalid context that carries
        // attributes); they are stored as zero. Any other size cannot be kept, so it rejects the span.
        private void ReadLink(ref ProtoReader reader, int index, ref SpanDefect defect)
        {
            var row = new LinkRow();
            var attributeStart = _batch.LinkAttributes.Count;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.Link.TraceId << 3 | Len:
                        var traceId = reader.ReadBytes();
                        if (traceId.Length == TraceId.Size) row.TraceId = TraceId.Read(traceId);
                        else if (traceId.Length == 0) row.TraceId = default;
                        else defect.Set(SpanDefectKind.LinkTraceIdLength, traceId.Length, index);
                        break;
                    case F.Link.SpanId << 3 | Len:
                        var spanId = reader.ReadBytes();
                        if (spanId.Length == SpanId.Size) row.SpanId = SpanId.Read(spanId);
                        else if (spanId.Length == 0) row.SpanId = default;
                        else defect.Set(SpanDefectKind.LinkSpanIdLength, spanId.Length, index);
                        break;
                    case F.Link.TraceState << 3 | Len:
                        row.TraceState = _bytes.Append(reader.ReadBytes());
                        break;
                    case F.Link.Attributes << 3 | Len:
                        var keyValue = reader.ReadMessage();
                        OtlpCommonProtobuf.ReadKeyValue(ref keyValue, _bytes, _batch.LinkAttributes);
                        break;
                    case F.Link.DroppedAttributesCount << 3 | Varint:
                        row.DroppedAttributesCount = reader.ReadVarint32();
                        break;
                    case F.Link.Flags << 3 | I32:
                        row.Flags = reader.ReadFixed32();
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            row.Attributes = new RowRange(attributeStart, _batch.LinkAttributes.Count - attributeStart);
            _batch.Links.Add(in row);
        }

        // message Status {
        //   reserved 1;
        //   string message = 2;
        //   StatusCode code = 3;
        // }
        private void ReadStatus(ref ProtoReader reader, ref SpanRow span)
        {
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.Status.Message << 3 | Len:
                        span.StatusMessage = _bytes.Append(reader.ReadBytes());
                        break;
                    case F.Status.Code << 3 | Varint:
                        span.StatusCode = (StatusCode)OtlpCommonProtobuf.EnumByte(reader.ReadVarint64());
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
        }
    }
}
