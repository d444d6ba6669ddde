using System.Buffers.Text;
using System.Text.Json;
using Orrery.Signals;
using Orrery.Signals.Otlp;
using Orrery.Signals.Traces;

namespace Orrery.Api.Tempo.Otlp;

/// <summary>How <see cref="OtlpTraceJsonWriter"/> spells ids, enums and 64-bit integers.</summary>
public enum OtlpJsonStyle
{
    /// <summary>The OTLP/JSON specification: hex ids, enums as integers, int64 as strings.</summary>
    Otlp,

    /// <summary>
    /// What Tempo's trace-by-id JSON returns (the protobuf JSON mapping of tempopb.Trace, as in
    /// Tempo's docs for <c>/api/v2/traces/&lt;id&gt;</c>: <c>"traceId":"W47/95gDgQPSabYzgT/HAA=="</c>,
    /// <c>"kind":"SPAN_KIND_SERVER"</c>, <c>"startTimeUnixNano":"1689969302000000000"</c>, and
    /// <c>"status":{}</c> on every span): ids in base64, enums by name, int64 as strings, status always present.
    /// </summary>
    Tempo,
}

/// <summary>
/// Writes a <see cref="SpanBatch"/> as a JSON array of OTLP ResourceSpans, spans grouped back by
/// resource and scope. The caller wraps it (<c>{"batches": …}</c> for Tempo v1,
/// <c>{"trace":{"resourceSpans": …}}</c> for v2, <c>{"resourceSpans": …}</c> for OTLP).
/// Proto3 JSON rules: default values are omitted, nested arrays and kvlists are expanded.
/// </summary>
public static partial class OtlpTraceJsonWriter
{
    public static void WriteResourceSpansArray(Utf8JsonWriter writer, SpanBatch batch, OtlpJsonStyle style)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(batch);
        var groups = new SpanGrouping(batch);
        writer.WriteStartArray();
        for (var r = 0; r < groups.ResourceCount; r++)
        {
            if (!groups.HasSpans(r)) continue;
            var resource = batch.Resources[r];
            writer.WriteStartObject();
            writer.WriteStartObject(Names.Resource);
            WriteAttributes(writer, batch, batch.ResourceAttributes, resource.Attributes);
            WriteCount(writer, Names.DroppedAttributesCount, resource.DroppedAttributesCount);
            writer.WriteEndObject();
            writer.WriteStartArray(Names.ScopeSpans);
            foreach (var scope in groups.ScopesOf(r)) WriteScopeSpans(writer, batch, groups, scope, style);
            writer.WriteEndArray();
            WriteText(writer, Names.SchemaUrl, batch, resource.SchemaUrl);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteScopeSpans(Utf8JsonWriter writer, SpanBatch batch, SpanGrouping groups, int row, OtlpJsonStyle style)
    {
        var scope = batch.Scopes[row];
        writer.WriteStartObject();
        writer.WriteStartObject(Names.Scope);
        WriteText(writer, Names.Name, batch, scope.Name);
        WriteText(writer, Names.Version, batch, scope.Version);
        WriteAttributes(writer, batch, batch.ScopeAttributes, scope.Attributes);
        WriteCount(writer, Names.DroppedAttributesCount, scope.DroppedAttributesCount);
        writer.WriteEndObject();
        writer.WriteStartArray(Names.Spans);
        foreach (var span in groups.SpansOf(row)) WriteSpan(writer, batch, span, style);
        writer.WriteEndArray();
        WriteText(writer, Names.SchemaUrl, batch, scope.SchemaUrl);
        writer.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter writer, SpanBatch batch, int row, OtlpJsonStyle style)
    {
        ref readonly var span = ref batch.Spans[row];
        writer.WriteStartObject();
        WriteTraceId(writer, Names.TraceId, span.TraceId, style);
        WriteSpanId(writer, Names.SpanId, span.SpanId, style);
        WriteText(writer, Names.TraceState, batch, span.TraceState);
        WriteSpanId(writer, Names.ParentSpanId, span.ParentSpanId, style);
        WriteCount(writer, Names.Flags, span.Flags);
        WriteText(writer, Names.Name, batch, span.Name);
        WriteEnum(writer, Names.Kind, (byte)span.Kind, SpanKindNames, style);
        WriteUInt64String(writer, Names.StartTimeUnixNano, (ulong)span.StartUnixNano);
        WriteUInt64String(writer, Names.EndTimeUnixNano, (ulong)span.EndUnixNano);
        WriteAttributes(writer, batch, batch.SpanAttributes, span.Attributes);
        WriteCount(writer, Names.DroppedAttributesCount, span.DroppedAttributesCount);
        if (span.Events.Count > 0)
        {
            writer.WriteStartArray(Names.Events);
            for (var i = span.Events.Start; i < span.Events.End; i++)
            {
                ref readonly var e = ref batch.Events[i];
                writer.WriteStartObject();
                WriteUInt64String(writer, Names.TimeUnixNano, (ulong)e.TimeUnixNano);
                WriteText(writer, Names.Name, batch, e.Name);
                WriteAttributes(writer, batch, batch.EventAttributes, e.Attributes);
                WriteCount(writer, Names.DroppedAttributesCount, e.DroppedAttributesCount);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        WriteCount(writer, Names.DroppedEventsCount, span.DroppedEventsCount);
        if (span.Links.Count > 0)
        {
            writer.WriteStartArray(Names.Links);
            for (var i = span.Links.Start; i < span.Links.End; i++)
            {
                ref readonly var link = ref batch.Links[i];
                writer.WriteStartObject();
                WriteTraceId(writer, Names.TraceId, link.TraceId, style);
                WriteSpanId(writer, Names.SpanId, link.SpanId, style);
                WriteText(writer, Names.TraceState, batch, link.TraceState);
                WriteAttributes(writer, batch, batch.LinkAttributes, link.Attributes);
                WriteCount(writer, Names.DroppedAttributesCount, link.DroppedAttributesCount);
                WriteCount(writer, Names.Flags, link.Flags);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        WriteCount(writer, Names.DroppedLinksCount, span.DroppedLinksCount);
        if (style == OtlpJsonStyle.Tempo || span.StatusCode != StatusCode.Unset || !span.StatusMessage.IsEmpty)
        {
            writer.WriteStartObject(Names.Status);
            WriteText(writer, Names.Message, batch, span.StatusMessage);
            WriteEnum(writer, Names.Code, (byte)span.StatusCode, StatusCodeNames, style);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter writer, SpanBatch batch, RowList<KeyValueRow> table, RowRange range)
    {
        if (range.Count == 0) return;
        writer.WriteStartArray(Names.Attributes);
        for (var i = range.Start; i < range.End; i++)
        {
            ref readonly var kv = ref table[i];
            writer.WriteStartObject();
            WriteUtf8(writer, Names.Key, batch.Utf8(kv.Key));
            writer.WritePropertyName(Names.Value);
            WriteAnyValue(writer, batch, kv.Value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteEnum(Utf8JsonWriter writer, JsonEncodedText name, byte value, JsonEncodedText[] names, OtlpJsonStyle style)
    {
        if (value == 0) return;
        if (style == OtlpJsonStyle.Tempo && value < names.Length) writer.WriteString(name, names[value]);
        else writer.WriteNumber(name, value);
    }

    private static void WriteCount(Utf8JsonWriter writer, JsonEncodedText name, uint value)
    {
        if (value != 0) writer.WriteNumber(name, value);
    }

    /// <summary>64-bit integers are strings in the protobuf JSON mapping (JavaScript numbers lose precision past 2^53).</summary>
    private static void WriteUInt64String(Utf8JsonWriter writer, JsonEncodedText name, ulong value)
    {
        if (value == 0) return;
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var length);
        writer.WriteString(name, digits[..length]);
    }

    private static void WriteText(Utf8JsonWriter writer, JsonEncodedText name, SpanBatch batch, Utf8Ref value)
    {
        if (!value.IsEmpty) WriteUtf8(writer, name, batch.Utf8(value));
    }

    private static void WriteTraceId(Utf8JsonWriter writer, JsonEncodedText name, TraceId id, OtlpJsonStyle style)
    {
        if (id.IsEmpty) return;
        Span<byte> bytes = stackalloc byte[TraceId.Size];
        id.WriteTo(bytes);
        WriteId(writer, name, bytes, style);
    }

    private static void WriteSpanId(Utf8JsonWriter writer, JsonEncodedText name, SpanId id, OtlpJsonStyle style)
    {
        if (id.IsEmpty) return;
        Span<byte> bytes = stackalloc byte[SpanId.Size];
        id.WriteTo(bytes);
        WriteId(writer, name, bytes, style);
    }

    private static void WriteId(Utf8JsonWriter writer, JsonEncodedText name, ReadOnlySpan<byte> id, OtlpJsonStyle style)
    {
        if (style == OtlpJsonStyle.Tempo)
        {
            writer.WriteBase64String(name, id);
            return;
        }
        Span<byte> hex = stackalloc byte[id.Length * 2];
        for (var i = 0; i < id.Length; i++)
        {
            hex[2 * i] = HexDigits[id[i] >> 4];
            hex[(2 * i) + 1] = HexDigits[id[i] & 0xF];
        }
        writer.WriteString(name, hex);
    }

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    private static readonly JsonEncodedText[] SpanKindNames =
    [
        JsonEncodedText.Encode("SPAN_KIND_UNSPECIFIED"), JsonEncodedText.Encode("SPAN_KIND_INTERNAL"),
        JsonEncodedText.Encode("SPAN_KIND_SERVER"), JsonEncodedText.Encode("SPAN_KIND_CLIENT"),
        JsonEncodedText.Encode("SPAN_KIND_PRODUCER"), JsonEncodedText.Encode("SPAN_KIND_CONSUMER"),
    ];

    private static readonly JsonEncodedText[] StatusCodeNames =
    [
        JsonEncodedText.Encode("STATUS_CODE_UNSET"), JsonEncodedText.Encode("STATUS_CODE_OK"), JsonEncodedText.Encode("STATUS_CODE_ERROR"),
    ];

    /// <summary>Property names, encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Resource = JsonEncodedText.Encode("resource");
        public static readonly JsonEncodedText ScopeSpans = JsonEncodedText.Encode("scopeSpans");
        public static readonly JsonEncodedText SchemaUrl = JsonEncodedText.Encode("schemaUrl");
        public static readonly JsonEncodedText Scope = JsonEncodedText.Encode("scope");
        public static readonly JsonEncodedText Spans = JsonEncodedText.Encode("spans");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
        public static readonly JsonEncodedText Attributes = JsonEncodedText.Encode("attributes");
        public static readonly JsonEncodedText DroppedAttributesCount = JsonEncodedText.Encode("droppedAttributesCount");
        public static readonly JsonEncodedText TraceId = JsonEncodedText.Encode("traceId");
        public static readonly JsonEncodedText SpanId = JsonEncodedText.Encode("spanId");
        public static readonly JsonEncodedText TraceState = JsonEncodedText.Encode("traceState");
        public static readonly JsonEncodedText ParentSpanId = JsonEncodedText.Encode("parentSpanId");
        public static readonly JsonEncodedText Flags = JsonEncodedText.Encode("flags");
        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
        public static readonly JsonEncodedText StartTimeUnixNano = JsonEncodedText.Encode("startTimeUnixNano");
        public static readonly JsonEncodedText EndTimeUnixNano = JsonEncodedText.Encode("endTimeUnixNano");
        public static readonly JsonEncodedText Events = JsonEncodedText.Encode("events");
        public static readonly JsonEncodedText TimeUnixNano = JsonEncodedText.Encode("timeUnixNano");
        public static readonly JsonEncodedText DroppedEventsCount = JsonEncodedText.Encode("droppedEventsCount");
        public static readonly JsonEncodedText Links = JsonEncodedText.Encode("links");
        public static readonly JsonEncodedText DroppedLinksCount = JsonEncodedText.Encode("droppedLinksCount");
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
        public static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
        public static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
        public static readonly JsonEncodedText Values = JsonEncodedText.Encode("values");
        public static readonly JsonEncodedText StringValue = JsonEncodedText.Encode("stringValue");
        public static readonly JsonEncodedText BoolValue = JsonEncodedText.Encode("boolValue");
        public static readonly JsonEncodedText IntValue = JsonEncodedText.Encode("intValue");
        public static readonly JsonEncodedText DoubleValue = JsonEncodedText.Encode("doubleValue");
        public static readonly JsonEncodedText ArrayValue = JsonEncodedText.Encode("arrayValue");
        public static readonly JsonEncodedText KvlistValue = JsonEncodedText.Encode("kvlistValue");
        public static readonly JsonEncodedText BytesValue = JsonEncodedText.Encode("bytesValue");
    }
}
