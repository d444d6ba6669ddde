using Orrery.Signals.Logs;

namespace Orrery.Generate.ClickHouse;

/// <summary>
/// Writes the lines of each generated batch as rows of the <c>otel_logs</c> table
/// (bench/side-by-side/clickhouse/schema.sql) in TabSeparated format, so a benchmark can load
/// exactly the lines <c>orrery gen logs</c> sent. A Loki stream's labels become
/// ResourceAttributes and its <c>service_name</c> the ServiceName; the <c>trace_id</c> and
/// <c>span_id</c> structured metadata become TraceId and SpanId, other metadata LogAttributes;
/// the line is the Body. One writer per worker; each batch goes to the stream in one write.
/// </summary>
public sealed class ClickHouseLogRows(Stream output) : IDisposable
{
    public const string Table = "otel_logs";

    /// <summary>The column list of each row, for <c>INSERT INTO otel_logs (…) FORMAT TabSeparated</c>.</summary>
    public const string Columns =
        "Timestamp, TraceId, SpanId, SeverityText, SeverityNumber, ServiceName, Body, "
        + "ResourceAttributes.Key, ResourceAttributes.Value, LogAttributes.Key, LogAttributes.Value";

    private readonly TsvRowBuffer _row = new();

    public void Write(LogBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _row.Clear();
        for (var i = 0; i < batch.Records.Count; i++) AppendRow(batch, i);
        output.Write(_row.Written);
        output.Flush();
    }

    public void Dispose() => output.Dispose();

    private void AppendRow(LogBatch batch, int i)
    {
        ref readonly var record = ref batch.Records[i];
        var labels = batch.LabelsOf(record.Stream);
        var metadata = batch.MetadataOf(i);

        _row.Field().Number(record.TimestampNs);
        _row.Field().Hex(record.TraceId);
        _row.Field().Hex(record.SpanId);
        _row.Field().Raw(SeverityText(record.SeverityNumber));
        _row.Field().Number(record.SeverityNumber);
        _row.Field();
        foreach (ref readonly var label in labels)
        {
            if (batch.Utf8(label.Name).SequenceEqual("service_name"u8)) _row.Escaped(batch.Utf8(label.Value));
        }
        _row.Field().Escaped(batch.Utf8(record.Line));

        _row.Field().Put((byte)'[');
        for (var l = 0; l < labels.Length; l++) Separator(l).Quoted(batch.Utf8(labels[l].Name));
        _row.Put((byte)']');
        _row.Field().Put((byte)'[');
        for (var l = 0; l < labels.Length; l++) Separator(l).Quoted(batch.Utf8(labels[l].Value));
        _row.Put((byte)']');

        // The ids have columns of their own; any other metadata is a log attribute.
        _row.Field().Put((byte)'[');
        var written = 0;
        foreach (ref readonly var m in metadata)
        {
            if (IsId(batch.Utf8(m.Name))) continue;
            Separator(written++).Quoted(batch.Utf8(m.Name));
        }
        _row.Put((byte)']');
        _row.Field().Put((byte)'[');
        written = 0;
        foreach (ref readonly var m in metadata)
        {
            if (IsId(batch.Utf8(m.Name))) continue;
            Separator(written++).Quoted(batch.Utf8(m.Value));
        }
        _row.Put((byte)']');
        _row.EndRow();
    }

    private static bool IsId(ReadOnlySpan<byte> name) => name.SequenceEqual("trace_id"u8) || name.SequenceEqual("span_id"u8);

    private TsvRowBuffer Separator(int index) => index == 0 ? _row : _row.Put((byte)',');

    /// <summary>The OpenTelemetry short name of a severity number's range (1-4 TRACE … 21-24 FATAL).</summary>
    internal static ReadOnlySpan<byte> SeverityText(byte number) => number switch
    {
        0 => ""u8,
        <= 4 => "TRACE"u8,
        <= 8 => "DEBUG"u8,
        <= 12 => "INFO"u8,
        <= 16 => "WARN"u8,
        <= 20 => "ERROR"u8,
        _ => "FATAL"u8,
    };
}
