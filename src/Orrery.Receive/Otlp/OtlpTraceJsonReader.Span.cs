using System.Text.Json;
using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Receive.Otlp;

public static partial class OtlpTraceJsonReader
{
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
        // Span { "traceId": hex, "spanId": hex, "traceState": string, "parentSpanId": hex, "flags": fixed32,
        //        "name": string, "kind": SpanKind, "startTimeUnixNano": fixed64, "endTimeUnixNano": fixed64,
        //        "attributes": [KeyValue], "droppedAttributesCount": uint32, "events": [Event],
        //        "droppedEventsCount": uint32, "links": [Link], "droppedLinksCount": uint32, "status": Status }
        private void ReadSpan(ref Utf8JsonReader reader, int scopeRow)
        {
            ExpectObject(ref reader, "spans[]");
            _spanIndex++;
            var mark = new SpanBatchMark(_batch);
            var batch = _batch;
            var span = new SpanRow { Scope = scopeRow };
            int traceIdLength = 0, spanIdLength = 0, parentLength = 0;
            SpanDefect defect = default;
            Span<byte> id = stackalloc byte[MaxIdBytes];
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "traceId"u8, "trace_id"u8))
                {
                    traceIdLength = ReadId(ref reader, id, TraceId.Size, "traceId");
                    span.TraceId = traceIdLength == TraceId.Size ? TraceId.Read(id) : default;
                }
                else if (Is(name, "spanId"u8, "span_id"u8))
                {
                    spanIdLength = ReadId(ref reader, id, SpanId.Size, "spanId");
                    span.SpanId = spanIdLength == SpanId.Size ? SpanId.Read(id) : default;
                }
                else if (Is(name, "parentSpanId"u8, "parent_span_id"u8))
                {
                    parentLength = ReadId(ref reader, id, SpanId.Size, "parentSpanId");
                    span.ParentSpanId = parentLength == SpanId.Size ? SpanId.Read(id) : default;
                }
                else if (Is(name, "traceState"u8, "trace_state"u8)) span.TraceState = ReadString(ref reader, "traceState");
                else if (Is(name, "flags"u8, "flags"u8)) span.Flags = ReadUInt32(ref reader, "flags");
                else if (Is(name, "name"u8, "name"u8)) span.Name = ReadString(ref reader, "name");
                else if (Is(name, "kind"u8, "kind"u8)) span.Kind = (SpanKind)ReadEnum(ref reader, "kind", SpanKindNames);
                else if (Is(name, "startTimeUnixNano"u8, "start_time_unix_nano"u8)) span.StartUnixNano = (long)ReadUInt64(ref reader, "startTimeUnixNano");
                else if (Is(name, "endTimeUnixNano"u8, "end_time_unix_nano"u8)) span.EndUnixNano = (long)ReadUInt64(ref reader, "endTimeUnixNano");
                else if (Is(name, "attributes"u8, "attributes"u8)) ReadAttributes(ref reader, batch.SpanAttributes);
                else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8)) span.DroppedAttributesCount = ReadUInt32(ref reader, "droppedAttributesCount");
                else if (Is(name, "events"u8, "events"u8))
                {
                    ExpectArray(ref reader, "events");
                    while (NextElement(ref reader)) ReadEvent(ref reader);
                }
                else if (Is(name, "droppedEventsCount"u8, "dropped_events_count"u8)) span.DroppedEventsCount = ReadUInt32(ref reader, "droppedEventsCount");
                else if (Is(name, "links"u8, "links"u8))
                {
                    ExpectArray(ref reader, "links");
                    while (NextElement(ref reader)) ReadLink(ref reader, mark.LinksSince(batch), ref defect);
                }
                else if (Is(name, "droppedLinksCount"u8, "dropped_links_count"u8)) span.DroppedLinksCount = ReadUInt32(ref reader, "droppedLinksCount");
                else if (Is(name, "status"u8, "status"u8)) ReadStatus(ref reader, ref span);
                else reader.Skip();
            }

            // Id defects take precedence over a link's: they name the span itself.
            var idDefect = SpanDefect.OfIds(span, traceIdLength, spanIdLength, parentLength, json: true);
            if (!idDefect.IsValid) defect = idDefect;
            if (!defect.IsValid)
            {
                mark.Restore(batch);
                Rejections.Add(defect, json: true, _resourceIndex, _scopeIndex, _spanIndex);
                return;
            }

            mark.AddSpan(batch, ref span);
        }

        // Event { "timeUnixNano": fixed64, "name": string, "attributes": [KeyValue], "droppedAttributesCount": uint32 }
        private void ReadEvent(ref Utf8JsonReader reader)
        {
            ExpectObject(ref reader, "events[]");
            var row = new EventRow();
            var attributeStart = _batch.EventAttributes.Count;
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "timeUnixNano"u8, "time_unix_nano"u8)) row.TimeUnixNano = (long)ReadUInt64(ref reader, "timeUnixNano");
                else if (Is(name, "name"u8, "name"u8)) row.Name = ReadString(ref reader, "events[].name");
                else if (Is(name, "attributes"u8, "attributes"u8)) ReadAttributes(ref reader, _batch.EventAttributes);
                else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8)) row.DroppedAttributesCount = ReadUInt32(ref reader, "droppedAttributesCount");
                else reader.Skip();
            }
            row.Attributes = new RowRange(attributeStart, _batch.EventAttributes.Count - attributeStart);
            _batch.Events.Add(in row);
        }

        // Link { "traceId": hex, "spanId": hex, "traceState": string, "attributes": [KeyValue],
        //        "droppedAttributesCount": uint32, "flags": fixed32 }
        // As in protobuf, absent link ids are kept as zero and other wrong sizes reject the span.
        private void ReadLink(ref Utf8JsonReader reader, int index, ref SpanDefect defect)
        {
            ExpectObject(ref reader, "links[]");
            var row = new LinkRow();
            var attributeStart = _batch.LinkAttributes.Count;
            Span<byte> id = stackalloc byte[MaxIdBytes];
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "traceId"u8, "trace_id"u8))
                {
                    var length = ReadId(ref reader, id, TraceId.Size, "links[].traceId");
                    if (length == TraceId.Size) row.TraceId = TraceId.Read(id);
                    else if (length < 0) defect.Set(SpanDefectKind.IdEncoding, field: $"links[{index}].traceId");
                    else if (length != 0) defect.Set(SpanDefectKind.LinkTraceIdLength, length, index);
                }
                else if (Is(name, "spanId"u8, "span_id"u8))
                {
                    var length = ReadId(ref reader, id, SpanId.Size, "links[].spanId");
                    if (length == SpanId.Size) row.SpanId = SpanId.Read(id);
                    else if (length < 0) defect.Set(SpanDefectKind.IdEncoding, field: $"links[{index}].spanId");
                    else if (length != 0) defect.Set(SpanDefectKind.LinkSpanIdLength, length, index);
                }
                else if (Is(name, "traceState"u8, "trace_state"u8)) row.TraceState = ReadString(ref reader, "links[].traceState");
                else if (Is(name, "attributes"u8, "attributes"u8)) ReadAttributes(ref reader, _batch.LinkAttributes);
                else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8)) row.DroppedAttributesCount = ReadUInt32(ref reader, "droppedAttributesCount");
                else if (Is(name, "flags"u8, "flags"u8)) row.Flags = ReadUInt32(ref reader, "links[].flags");
                else reader.Skip();
            }
            row.Attributes = new RowRange(attributeStart, _batch.LinkAttributes.Count - attributeStart);
            _batch.Links.Add(in row);
        }

        // Status { "message": string, "code": StatusCode }
        private void ReadStatus(ref Utf8JsonReader reader, ref SpanRow span)
        {
            ExpectObject(ref reader, "status");
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "message"u8, "message"u8)) span.StatusMessage = ReadString(ref reader, "status.message");
                else if (Is(name, "code"u8, "code"u8)) span.StatusCode = (StatusCode)ReadEnum(ref reader, "status.code", StatusCodeNames);
                else reader.Skip();
            }
        }
    }
}
