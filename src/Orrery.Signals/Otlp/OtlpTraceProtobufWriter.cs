using Orrery.Signals;
using Orrery.Signals.Protobuf;
using Orrery.Signals.Traces;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;

namespace Orrery.Signals.Otlp;

/// <summary>Which top-level message <see cref="OtlpTraceProtobufWriter"/> writes.</summary>
public enum OtlpTraceMessage
{
    /// <summary>
    /// <c>repeated ResourceSpans = 1</c>: OTLP's TracesData, ExportTraceServiceRequest and
    /// Tempo's <c>tempopb.Trace</c> (<c>batches = 1</c>) all share this wire layout.
    /// </summary>
    TracesData,
}

/// <summary>
/// Writes a <see cref="SpanBatch"/> as OTLP protobuf, spans grouped back into ResourceSpans and
/// ScopeSpans. Fields go out in field-number order with proto3 defaults omitted, as
/// Google.Protobuf writes them, so the output is byte-equal to the reference encoder's.
/// </summary>
/// <remarks>
/// Every ResourceSpans carries a Resource and every ScopeSpans a Scope (possibly empty), every
/// KeyValue a value; Status is written only when it is not the default. Zero ids (a root span's
/// parent, a link without ids) are omitted.
/// </remarks>
public static class OtlpTraceProtobufWriter
{
    public static byte[] Write(SpanBatch batch, OtlpTraceMessage message)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (message != OtlpTraceMessage.TracesData) throw new ArgumentOutOfRangeException(nameof(message), message, null);
        var groups = new SpanGrouping(batch);
        using var writer = new ProtoWriter(batch.Bytes.Length + batch.Count * 96 + 256);
        for (var r = 0; r < groups.ResourceCount; r++)
        {
            if (!groups.HasSpans(r)) continue;
            var resourceSpans = writer.BeginMessage(F.TracesData.ResourceSpans);
            WriteResourceSpans(writer, batch, groups, r);
            writer.EndMessage(resourceSpans);
        }
        return writer.ToArray();
    }

    // message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
    // message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
    private static void WriteResourceSpans(ProtoWriter writer, SpanBatch batch, SpanGrouping groups, int row)
    {
        var resource = batch.Resources[row];
        var message = writer.BeginMessage(F.ResourceSpans.Resource);
        WriteAttributes(writer, F.Resource.Attributes, batch, batch.ResourceAttributes, resource.Attributes);
        WriteUInt32(writer, F.Resource.DroppedAttributesCount, resource.DroppedAttributesCount);
        writer.EndMessage(message);
        foreach (var scope in groups.ScopesOf(row))
        {
            var scopeSpans = writer.BeginMessage(F.ResourceSpans.ScopeSpans);
            WriteScopeSpans(writer, batch, groups, scope);
            writer.EndMessage(scopeSpans);
        }
        WriteString(writer, F.ResourceSpans.SchemaUrl, batch, resource.SchemaUrl);
    }

    // message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
    // message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
    private static void WriteScopeSpans(ProtoWriter writer, SpanBatch batch, SpanGrouping groups, int row)
    {
        var scope = batch.Scopes[row];
        var message = writer.BeginMessage(F.ScopeSpans.Scope);
        WriteString(writer, F.InstrumentationScope.Name, batch, scope.Name);
        WriteString(writer, F.InstrumentationScope.Version, batch, scope.Version);
        WriteAttributes(writer, F.InstrumentationScope.Attributes, batch, batch.ScopeAttributes, scope.Attributes);
        WriteUInt32(writer, F.InstrumentationScope.DroppedAttributesCount, scope.DroppedAttributesCount);
        writer.EndMessage(message);
        foreach (var span in groups.SpansOf(row))
        {
            var spanMessage = writer.BeginMessage(F.ScopeSpans.Spans);
            WriteSpan(writer, batch, span);
            writer.EndMessage(spanMessage);
        }
        WriteString(writer, F.ScopeSpans.SchemaUrl, batch, scope.SchemaUrl);
    }

    // message Span { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4;
    //   string name = 5; SpanKind kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
    //   repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10; repeated Event events = 11;
    //   uint32 dropped_events_count = 12; repeated Link links = 13; uint32 dropped_links_count = 14;
    //   Status status = 15; fixed32 flags = 16; }
    private static void WriteSpan(ProtoWriter writer, SpanBatch batch, int row)
    {
        ref readonly var span = ref batch.Spans[row];
        WriteTraceId(writer, F.Span.TraceId, span.TraceId);
        WriteSpanId(writer, F.Span.SpanId, span.SpanId);
        WriteString(writer, F.Span.TraceState, batch, span.TraceState);
        WriteSpanId(writer, F.Span.ParentSpanId, span.ParentSpanId);
        WriteString(writer, F.Span.Name, batch, span.Name);
        if (span.Kind != SpanKind.Unspecified) writer.WriteVarintField(F.Span.Kind, (ulong)span.Kind);
        if (span.StartUnixNano != 0) writer.WriteFixed64Field(F.Span.StartTimeUnixNano, (ulong)span.StartUnixNano);
        if (span.EndUnixNano != 0) writer.WriteFixed64Field(F.Span.EndTimeUnixNano, (ulong)span.EndUnixNano);
        WriteAttributes(writer, F.Span.Attributes, batch, batch.SpanAttributes, span.Attributes);
        WriteUInt32(writer, F.Span.DroppedAttributesCount, span.DroppedAttributesCount);
        for (var i = span.Events.Start; i < span.Events.End; i++)
        {
            var message = writer.BeginMessage(F.Span.Events);
            WriteEvent(writer, batch, i);
            writer.EndMessage(message);
        }
        WriteUInt32(writer, F.Span.DroppedEventsCount, span.DroppedEventsCount);
        for (var i = span.Links.Start; i < span.Links.End; i++)
        {
            var message = writer.BeginMessage(F.Span.Links);
            WriteLink(writer, batch, i);
            writer.EndMessage(message);
        }
        WriteUInt32(writer, F.Span.DroppedLinksCount, span.DroppedLinksCount);
        // message Status { string message = 2; StatusCode code = 3; }
        if (span.StatusCode != StatusCode.Unset || !span.StatusMessage.IsEmpty)
        {
            var status = writer.BeginMessage(F.Span.Status);
            WriteString(writer, F.Status.Message, batch, span.StatusMessage);
            if (span.StatusCode != StatusCode.Unset) writer.WriteVarintField(F.Status.Code, (ulong)span.StatusCode);
            writer.EndMessage(status);
        }
        if (span.Flags != 0) writer.WriteFixed32Field(F.Span.Flags, span.Flags);
    }

    // message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
    private static void WriteEvent(ProtoWriter writer, SpanBatch batch, int row)
    {
        ref readonly var e = ref batch.Events[row];
        if (e.TimeUnixNano != 0) writer.WriteFixed64Field(F.Event.TimeUnixNano, (ulong)e.TimeUnixNano);
        WriteString(writer, F.Event.Name, batch, e.Name);
        WriteAttributes(writer, F.Event.Attributes, batch, batch.EventAttributes, e.Attributes);
        WriteUInt32(writer, F.Event.DroppedAttributesCount, e.DroppedAttributesCount);
    }

    // message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4;
    //   uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
    private static void WriteLink(ProtoWriter writer, SpanBatch batch, int row)
    {
        ref readonly var link = ref batch.Links[row];
        WriteTraceId(writer, F.Link.TraceId, link.TraceId);
        WriteSpanId(writer, F.Link.SpanId, link.SpanId);
        WriteString(writer, F.Link.TraceState, batch, link.TraceState);
        WriteAttributes(writer, F.Link.Attributes, batch, batch.LinkAttributes, link.Attributes);
        WriteUInt32(writer, F.Link.DroppedAttributesCount, link.DroppedAttributesCount);
        if (link.Flags != 0) writer.WriteFixed32Field(F.Link.Flags, link.Flags);
    }

    // message KeyValue { string key = 1; AnyValue value = 2; }
    private static void WriteAttributes(ProtoWriter writer, int field, SpanBatch batch, RowList<KeyValueRow> table, RowRange range)
    {
        for (var i = range.Start; i < range.End; i++)
        {
            ref readonly var kv = ref table[i];
            var keyValue = writer.BeginMessage(field);
            WriteString(writer, F.KeyValue.Key, batch, kv.Key);
            var value = writer.BeginMessage(F.KeyValue.Value);
            WriteAnyValue(writer, batch, kv.Value);
            writer.EndMessage(value);
            writer.EndMessage(keyValue);
        }
    }

    // message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3;
    //   double double_value = 4; ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
    // A set oneof member is written even when it holds its type's default.
    private static void WriteAnyValue(ProtoWriter writer, SpanBatch batch, in AnyValueRow value)
    {
        switch (value.Kind)
        {
            case ValueKind.String:
                writer.WriteBytesField(F.AnyValue.StringValue, batch.Utf8(value.Bytes));
                break;
            case ValueKind.Bool:
                writer.WriteBoolField(F.AnyValue.BoolValue, value.AsBool);
                break;
            case ValueKind.Int:
                writer.WriteInt64Field(F.AnyValue.IntValue, value.AsInt);
                break;
            case ValueKind.Double:
                writer.WriteFixed64Field(F.AnyValue.DoubleValue, (ulong)value.Scalar);
                break;
            case ValueKind.Array:
                writer.WriteBytesField(F.AnyValue.ArrayValue, batch.Utf8(value.Bytes));
                break;
            case ValueKind.KvList:
                writer.WriteBytesField(F.AnyValue.KvlistValue, batch.Utf8(value.Bytes));
                break;
            case ValueKind.Bytes:
                writer.WriteBytesField(F.AnyValue.BytesValue, batch.Utf8(value.Bytes));
                break;
            default:
                break; // Empty: the AnyValue message has no member set
        }
    }

    private static void WriteString(ProtoWriter writer, int field, SpanBatch batch, Utf8Ref value)
    {
        if (!value.IsEmpty) writer.WriteBytesField(field, batch.Utf8(value));
    }

    private static void WriteUInt32(ProtoWriter writer, int field, uint value)
    {
        if (value != 0) writer.WriteVarintField(field, value);
    }

    private static void WriteTraceId(ProtoWriter writer, int field, TraceId id)
    {
        if (id.IsEmpty) return;
        Span<byte> bytes = stackalloc byte[TraceId.Size];
        id.WriteTo(bytes);
        writer.WriteBytesField(field, bytes);
    }

    private static void WriteSpanId(ProtoWriter writer, int field, SpanId id)
    {
        if (id.IsEmpty) return;
        Span<byte> bytes = stackalloc byte[SpanId.Size];
        id.WriteTo(bytes);
        writer.WriteBytesField(field, bytes);
    }
}
