using Orrery.Signals;
using Orrery.Signals.Traces;

namespace Orrery.Generate.ClickHouse;

/// <summary>
/// Writes the spans of each generated batch as rows of the <c>otel_traces</c> table
/// (bench/side-by-side/clickhouse/schema.sql: the OpenTelemetry Collector ClickHouse exporter's
/// columns, adapted to ClickHouse 18.16) in TabSeparated format, so a benchmark can load exactly
/// the spans <c>orrery gen traces</c> sent. Values as the exporter writes them: ids in lower-case
/// hex, kind and status code by name, attribute values as text, ServiceName from the resource.
/// One writer per worker; each batch goes to the stream in one write.
/// </summary>
public sealed class ClickHouseSpanRows(Stream output) : IDisposable
{
    public const string Table = "otel_traces";

    /// <summary>The column list of each row, for <c>INSERT INTO otel_traces (…) FORMAT TabSeparated</c>.</summary>
    public const string Columns =
        "Timestamp, TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName, "
        + "ResourceAttributes.Key, ResourceAttributes.Value, ScopeName, ScopeVersion, SpanAttributes.Key, SpanAttributes.Value, "
        + "Duration, StatusCode, StatusMessage, Events.Timestamp, Events.Name, Events.AttributeKeys, Events.AttributeValues, "
        + "Links.TraceId, Links.SpanId, Links.TraceState, Links.AttributeKeys, Links.AttributeValues";

    private readonly TsvRowBuffer _row = new();

    public void Write(SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _row.Clear();
        for (var i = 0; i < batch.Spans.Count; i++) AppendRow(batch, i);
        output.Write(_row.Written);
        output.Flush();
    }

    public void Dispose() => output.Dispose();

    private void AppendRow(SpanBatch batch, int i)
    {
        ref readonly var span = ref batch.Spans[i];
        ref readonly var scope = ref batch.Scopes[span.Scope];
        ref readonly var resource = ref batch.Resources[scope.Resource];
        var resourceAttributes = batch.ResourceAttributes.AsSpan().Slice(resource.Attributes.Start, resource.Attributes.Count);
        var spanAttributes = batch.SpanAttributes.AsSpan().Slice(span.Attributes.Start, span.Attributes.Count);
        var events = batch.Events.AsSpan().Slice(span.Events.Start, span.Events.Count);
        var links = batch.Links.AsSpan().Slice(span.Links.Start, span.Links.Count);

        _row.Field().Number(span.StartUnixNano);
        _row.Field().Hex(span.TraceId);
        _row.Field().Hex(span.SpanId);
        _row.Field().Hex(span.ParentSpanId);
        _row.Field().Escaped(batch.Utf8(span.TraceState));
        _row.Field().Escaped(batch.Utf8(span.Name));
        _row.Field().Raw(KindName(span.Kind));
        _row.Field().Escaped(batch.ServiceName(i));
        _row.Field().AttributeArray(resourceAttributes, batch.Bytes, keys: true);
        _row.Field().AttributeArray(resourceAttributes, batch.Bytes, keys: false);
        _row.Field().Escaped(batch.Utf8(scope.Name));
        _row.Field().Escaped(batch.Utf8(scope.Version));
        _row.Field().AttributeArray(spanAttributes, batch.Bytes, keys: true);
        _row.Field().AttributeArray(spanAttributes, batch.Bytes, keys: false);
        _row.Field().Number(Math.Max(0, span.DurationNano));
        _row.Field().Raw(StatusName(span.StatusCode));
        _row.Field().Escaped(batch.Utf8(span.StatusMessage));

        _row.Field().Put((byte)'[');
        for (var e = 0; e < events.Length; e++) Separator(e).Number(events[e].TimeUnixNano);
        _row.Put((byte)']');
        _row.Field().Put((byte)'[');
        for (var e = 0; e < events.Length; e++) Separator(e).Quoted(batch.Utf8(events[e].Name));
        _row.Put((byte)']');
        NestedAttributes(events, batch.EventAttributes, batch, keys: true);
        NestedAttributes(events, batch.EventAttributes, batch, keys: false);

        _row.Field().Put((byte)'[');
        for (var l = 0; l < links.Length; l++) Separator(l).Put((byte)'\'').Hex(links[l].TraceId).Put((byte)'\'');
        _row.Put((byte)']');
        _row.Field().Put((byte)'[');
        for (var l = 0; l < links.Length; l++) Separator(l).Put((byte)'\'').Hex(links[l].SpanId).Put((byte)'\'');
        _row.Put((byte)']');
        _row.Field().Put((byte)'[');
        for (var l = 0; l < links.Length; l++) Separator(l).Quoted(batch.Utf8(links[l].TraceState));
        _row.Put((byte)']');
        NestedAttributes(links, batch.LinkAttributes, batch, keys: true);
        NestedAttributes(links, batch.LinkAttributes, batch, keys: false);
        _row.EndRow();
    }

    private TsvRowBuffer Separator(int index) => index == 0 ? _row : _row.Put((byte)',');

    // Array(Array(String)): per event (or link) the keys, or the values, of its attributes.
    private void NestedAttributes(ReadOnlySpan<EventRow> events, RowList<KeyValueRow> table, SpanBatch batch, bool keys)
    {
        _row.Field().Put((byte)'[');
        for (var e = 0; e < events.Length; e++) Separator(e).AttributeArray(Slice(table, events[e].Attributes), batch.Bytes, keys);
        _row.Put((byte)']');
    }

    private void NestedAttributes(ReadOnlySpan<LinkRow> links, RowList<KeyValueRow> table, SpanBatch batch, bool keys)
    {
        _row.Field().Put((byte)'[');
        for (var l = 0; l < links.Length; l++) Separator(l).AttributeArray(Slice(table, links[l].Attributes), batch.Bytes, keys);
        _row.Put((byte)']');
    }

    private static ReadOnlySpan<KeyValueRow> Slice(RowList<KeyValueRow> table, RowRange range) => table.AsSpan().Slice(range.Start, range.Count);

    private static ReadOnlySpan<byte> KindName(SpanKind kind) => kind switch
    {
        SpanKind.Internal => "Internal"u8,
        SpanKind.Server => "Server"u8,
        SpanKind.Client => "Client"u8,
        SpanKind.Producer => "Producer"u8,
        SpanKind.Consumer => "Consumer"u8,
        _ => "Unspecified"u8,
    };

    private static ReadOnlySpan<byte> StatusName(StatusCode code) => code switch
    {
        StatusCode.Ok => "Ok"u8,
        StatusCode.Error => "Error"u8,
        _ => "Unset"u8,
    };
}
