using System.Buffers.Text;
using Orrery.Signals.Labels;
using Orrery.Signals.Logs;
using Orrery.Signals.Protobuf;
using static Orrery.Signals.Otlp.OtlpLabelWriting;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;
using L = Orrery.Signals.Protobuf.OtlpLogsFieldNumbers;

namespace Orrery.Signals.Otlp;

/// <summary>
/// Writes a <see cref="LogBatch"/> (Loki's model) as an OTLP ExportLogsServiceRequest (same
/// layout as LogsData): the inverse of Loki's OTLP mapping, so that a receiver mapping OTLP
/// logs the way Loki does (Orrery's) stores the same streams, lines and structured metadata.
/// </summary>
/// <remarks>
/// One ResourceLogs per stream that has records, its labels as the resource's string attributes
/// (the label names of Loki's default index attributes turned back into them: <c>service_name</c>
/// → <c>service.name</c>, …; other names as they are), with one ScopeLogs (empty scope) holding
/// the stream's records in row order. A record's line is its body (a string); its metadata
/// become string attributes, except the entries the mapping derives from record fields, which
/// go back into those fields: <c>trace_id</c>/<c>span_id</c> (from the row's ids),
/// <c>severity_number</c> (from the row), <c>severity_text</c>, <c>observed_timestamp</c>,
/// <c>flags</c>, <c>dropped_attributes_count</c>, <c>event_name</c>; <c>detected_level</c> is left
/// out, since the receiving side derives it again.
/// </remarks>
public static class OtlpLogsProtobufWriter
{
    // Loki's default index attributes, by their label names.
    private static readonly (byte[] Label, byte[] Attribute)[] IndexAttributes =
    [
        .. new[]
        {
            "cloud.availability_zone", "cloud.region", "container.name", "deployment.environment", "deployment.environment.name",
            "k8s.cluster.name", "k8s.container.name", "k8s.cronjob.name", "k8s.daemonset.name", "k8s.deployment.name",
            "k8s.job.name", "k8s.namespace.name", "k8s.pod.name", "k8s.replicaset.name", "k8s.statefulset.name",
            "service.instance.id", "service.name", "service.namespace",
        }.Select(a => (System.Text.Encoding.UTF8.GetBytes(a.Replace('.', '_')), System.Text.Encoding.UTF8.GetBytes(a))),
    ];

    public static byte[] Write(LogBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var keys = new int[batch.Records.Count];
        for (var i = 0; i < keys.Length; i++) keys[i] = batch.Records[i].Stream;
        var groups = new RowGroups(batch.Streams.Count, keys);
        using var writer = new ProtoWriter(batch.Bytes.Length + batch.Records.Count * 48 + 256);
        for (var s = 0; s < batch.Streams.Count; s++)
        {
            var records = groups.RowsOf(s);
            if (records.IsEmpty) continue;
            var resourceLogs = writer.BeginMessage(L.LogsData.ResourceLogs);
            WriteResource(writer, batch, s);
            var scopeLogs = writer.BeginMessage(L.ResourceLogs.ScopeLogs);
            var scope = writer.BeginMessage(L.ScopeLogs.Scope);
            writer.EndMessage(scope);
            foreach (var r in records)
            {
                var record = writer.BeginMessage(L.ScopeLogs.LogRecords);
                WriteRecord(writer, batch, r);
                writer.EndMessage(record);
            }
            writer.EndMessage(scopeLogs);
            writer.EndMessage(resourceLogs);
        }
        return writer.ToArray();
    }

    // message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
    private static void WriteResource(ProtoWriter writer, LogBatch batch, int stream)
    {
        var resource = writer.BeginMessage(L.ResourceLogs.Resource);
        foreach (ref readonly var label in batch.LabelsOf(stream))
        {
            var name = batch.Utf8(label.Name);
            WriteStringAttribute(writer, F.Resource.Attributes, AttributeOf(name), batch.Utf8(label.Value));
        }
        writer.EndMessage(resource);
    }

    private static ReadOnlySpan<byte> AttributeOf(ReadOnlySpan<byte> label)
    {
        foreach (var (name, attribute) in IndexAttributes)
        {
            if (label.SequenceEqual(name)) return attribute;
        }
        return label;
    }

    // message LogRecord { fixed64 time_unix_nano = 1; SeverityNumber severity_number = 2; string severity_text = 3; AnyValue body = 5;
    //   repeated KeyValue attributes = 6; uint32 dropped_attributes_count = 7; fixed32 flags = 8; bytes trace_id = 9; bytes span_id = 10;
    //   fixed64 observed_time_unix_nano = 11; string event_name = 12; }
    private static void WriteRecord(ProtoWriter writer, LogBatch batch, int row)
    {
        ref readonly var record = ref batch.Records[row];
        var fields = RecordFields.From(batch, row);
        if (record.TimestampNs != 0) writer.WriteFixed64Field(L.LogRecord.TimeUnixNano, (ulong)record.TimestampNs);
        if (fields.SeverityNumber != 0) writer.WriteVarintField(L.LogRecord.SeverityNumber, fields.SeverityNumber);
        if (!fields.SeverityText.IsEmpty) writer.WriteBytesField(L.LogRecord.SeverityText, batch.Utf8(fields.SeverityText));
        var body = writer.BeginMessage(L.LogRecord.Body);
        writer.WriteBytesField(F.AnyValue.StringValue, batch.Utf8(record.Line));
        writer.EndMessage(body);
        foreach (ref readonly var label in batch.MetadataOf(row))
        {
            var name = batch.Utf8(label.Name);
            if (fields.IsCarriedByField(name)) continue;
            WriteStringAttribute(writer, L.LogRecord.Attributes, name, batch.Utf8(label.Value));
        }
        if (fields.DroppedAttributesCount != 0) writer.WriteVarintField(L.LogRecord.DroppedAttributesCount, fields.DroppedAttributesCount);
        if (fields.Flags != 0) writer.WriteFixed32Field(L.LogRecord.Flags, fields.Flags);
        Span<byte> id = stackalloc byte[TraceId.Size];
        if (!record.TraceId.IsEmpty)
        {
            record.TraceId.WriteTo(id);
            writer.WriteBytesField(L.LogRecord.TraceId, id);
        }
        if (!record.SpanId.IsEmpty)
        {
            record.SpanId.WriteTo(id);
            writer.WriteBytesField(L.LogRecord.SpanId, id[..SpanId.Size]);
        }
        if (fields.ObservedTimeUnixNano != 0) writer.WriteFixed64Field(L.LogRecord.ObservedTimeUnixNano, fields.ObservedTimeUnixNano);
        if (!fields.EventName.IsEmpty) writer.WriteBytesField(L.LogRecord.EventName, batch.Utf8(fields.EventName));
    }

    /// <summary>The record fields Loki's mapping turned into metadata entries, read back from them.</summary>
    private ref struct RecordFields
    {
        public uint SeverityNumber;
        public Utf8Ref SeverityText;
        public ulong ObservedTimeUnixNano;
        public uint Flags;
        public uint DroppedAttributesCount;
        public Utf8Ref EventName;
        private bool _hasTraceId;
        private bool _hasSpanId;
        private bool _hasSeverityNumber;

        public static RecordFields From(LogBatch batch, int row)
        {
            ref readonly var record = ref batch.Records[row];
            var fields = new RecordFields
            {
                _hasTraceId = !record.TraceId.IsEmpty,
                _hasSpanId = !record.SpanId.IsEmpty,
                SeverityNumber = record.SeverityNumber,
            };
            foreach (ref readonly var label in batch.MetadataOf(row))
            {
                var name = batch.Utf8(label.Name);
                var value = batch.Utf8(label.Value);
                if (name.SequenceEqual("severity_text"u8)) fields.SeverityText = label.Value;
                else if (name.SequenceEqual("event_name"u8)) fields.EventName = label.Value;
                else if (name.SequenceEqual("observed_timestamp"u8)) Utf8Parser.TryParse(value, out fields.ObservedTimeUnixNano, out _);
                else if (name.SequenceEqual("flags"u8)) Utf8Parser.TryParse(value, out fields.Flags, out _);
                else if (name.SequenceEqual("dropped_attributes_count"u8)) Utf8Parser.TryParse(value, out fields.DroppedAttributesCount, out _);
                else if (name.SequenceEqual("severity_number"u8) && fields.SeverityNumber == 0) Utf8Parser.TryParse(value, out fields.SeverityNumber, out _);
            }
            fields._hasSeverityNumber = fields.SeverityNumber != 0;
            return fields;
        }

        public readonly bool IsCarriedByField(ReadOnlySpan<byte> name) =>
            name.SequenceEqual("detected_level"u8)
            || (name.SequenceEqual("trace_id"u8) && _hasTraceId)
            || (name.SequenceEqual("span_id"u8) && _hasSpanId)
            || (name.SequenceEqual("severity_number"u8) && _hasSeverityNumber)
            || (name.SequenceEqual("severity_text"u8) && !SeverityText.IsEmpty)
            || (name.SequenceEqual("event_name"u8) && !EventName.IsEmpty)
            || (name.SequenceEqual("observed_timestamp"u8) && ObservedTimeUnixNano != 0)
            || (name.SequenceEqual("flags"u8) && Flags != 0)
            || (name.SequenceEqual("dropped_attributes_count"u8) && DroppedAttributesCount != 0);
    }
}
