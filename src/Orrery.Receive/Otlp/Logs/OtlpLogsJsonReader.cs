using System.Text;
using System.Text.Json;
using Orrery.Receive.Otlp.Common;
using Orrery.Signals;
using Orrery.Signals.Logs;

namespace Orrery.Receive.Otlp.Logs;

/// <summary>
/// Decodes an OTLP/JSON <c>ExportLogsServiceRequest</c> and maps it onto Loki's model in a
/// <see cref="LogBatch"/> (see <see cref="OtlpLogsMapper"/>), with the OTLP/JSON rules of
/// <see cref="OtlpCommonJson"/>: ids as hex (base64 accepted as for traces), the severity as a
/// number or its enum name, 64-bit times as strings or numbers.
/// </summary>
/// <remarks>
/// Validation matches <see cref="OtlpLogsProtobufReader"/>: a record with ids of a wrong size (or
/// not hex) is rejected alone; malformed JSON or a value of the wrong JSON type throws
/// <see cref="OtlpFormatException"/> naming the byte offset, and leaves the batch as it was.
/// </remarks>
public static class OtlpLogsJsonReader
{
    /// <summary>SEVERITY_NUMBER_UNSPECIFIED, then TRACE, TRACE2 … FATAL4, indexed by their numbers.</summary>
    private static readonly byte[][] SeverityNames = BuildSeverityNames();

    /// <param name="receiveTimeUnixNano">The timestamp of records that carry neither time nor observed time.</param>
    public static OtlpLogsDecodeResult Read(ReadOnlySpan<byte> utf8Json, LogBatch destination, OtlpLogsMapper mapper, long receiveTimeUnixNano)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(mapper);
        var start = new LogBatchMark(destination);
        var data = new OtlpLogsData();
        using var decoder = new Decoder(data, destination.Bytes);
        try
        {
            decoder.Decode(utf8Json, "resourceLogs"u8, "resource_logs"u8, "resourceLogs");
        }
        catch (OtlpFormatException)
        {
            start.Restore(destination);
            throw;
        }
        return mapper.Map(data, destination, receiveTimeUnixNano, decoder.Rejections, json: true);
    }

    private static byte[][] BuildSeverityNames()
    {
        string[] levels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
        var names = new byte[25][];
        names[0] = "SEVERITY_NUMBER_UNSPECIFIED"u8.ToArray();
        for (var n = 1; n <= 24; n++)
        {
            var step = (n - 1) % 4;
            names[n] = Encoding.ASCII.GetBytes($"SEVERITY_NUMBER_{levels[(n - 1) / 4]}{(step == 0 ? "" : (step + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        }
        return names;
    }

    private sealed class Decoder(OtlpLogsData data, ByteArena bytes) : OtlpCommonJson(bytes)
    {
        private int _resourceIndex = -1;
        private int _scopeIndex;
        private int _recordIndex;

        public LogRecordRejections Rejections;

        // ResourceLogs { "resource": Resource, "scopeLogs": [ScopeLogs], "schemaUrl": string }
        protected override void ReadResourceEntry(ref Utf8JsonReader reader)
        {
            ExpectObject(ref reader, "resourceLogs[]");
            _resourceIndex++;
            _scopeIndex = -1;
            var resource = new OtlpLogResource();
            var attributeStart = data.ResourceAttributes.Count;
            var scopeStart = data.Scopes.Count;
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "resource"u8, "resource"u8))
                {
                    ReadResource(ref reader, data.ResourceAttributes, ref resource.DroppedAttributesCount);
                }
                else if (Is(name, "scopeLogs"u8, "scope_logs"u8))
                {
                    ExpectArray(ref reader, "scopeLogs");
                    while (NextElement(ref reader)) ReadScopeLogs(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            resource.Attributes = new RowRange(attributeStart, data.ResourceAttributes.Count - attributeStart);
            resource.Scopes = new RowRange(scopeStart, data.Scopes.Count - scopeStart);
            data.Resources.Add(in resource);
        }

        // ScopeLogs { "scope": InstrumentationScope, "logRecords": [LogRecord], "schemaUrl": string }
        private void ReadScopeLogs(ref Utf8JsonReader reader)
        {
            ExpectObject(ref reader, "scopeLogs[]");
            _scopeIndex++;
            _recordIndex = -1;
            var scope = new OtlpLogScope();
            var attributeStart = data.ScopeAttributes.Count;
            var recordStart = data.Records.Count;
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "scope"u8, "scope"u8))
                {
                    ReadScope(ref reader, data.ScopeAttributes, ref scope.Fields);
                }
                else if (Is(name, "logRecords"u8, "log_records"u8))
                {
                    ExpectArray(ref reader, "logRecords");
                    while (NextElement(ref reader)) ReadLogRecord(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            scope.Attributes = new RowRange(attributeStart, data.ScopeAttributes.Count - attributeStart);
            scope.Records = new RowRange(recordStart, data.Records.Count - recordStart);
            data.Scopes.Add(in scope);
        }

        // LogRecord { "timeUnixNano": fixed64, "observedTimeUnixNano": fixed64, "severityNumber": SeverityNumber,
        //             "severityText": string, "body": AnyValue, "attributes": [KeyValue], "droppedAttributesCount": uint32,
        //             "flags": fixed32, "traceId": hex, "spanId": hex, "eventName": string }
        private void ReadLogRecord(ref Utf8JsonReader reader)
        {
            ExpectObject(ref reader, "logRecords[]");
            _recordIndex++;
            var record = new OtlpLogRecord();
            var bytesStart = Bytes.Length;
            var attributeStart = data.RecordAttributes.Count;
            int traceIdLength = 0, spanIdLength = 0;
            Span<byte> id = stackalloc byte[MaxIdBytes];
            while (NextProperty(ref reader, out var name))
            {
                if (Is(name, "timeUnixNano"u8, "time_unix_nano"u8)) record.TimeUnixNano = ReadUInt64(ref reader, "timeUnixNano");
                else if (Is(name, "observedTimeUnixNano"u8, "observed_time_unix_nano"u8)) record.ObservedTimeUnixNano = ReadUInt64(ref reader, "observedTimeUnixNano");
                else if (Is(name, "severityNumber"u8, "severity_number"u8)) record.SeverityNumber = ReadEnum(ref reader, "severityNumber", SeverityNames);
                else if (Is(name, "severityText"u8, "severity_text"u8)) record.SeverityText = ReadString(ref reader, "severityText");
                else if (Is(name, "body"u8, "body"u8)) ReadAnyValue(ref reader, ref record.Body);
                else if (Is(name, "attributes"u8, "attributes"u8)) ReadAttributes(ref reader, data.RecordAttributes);
                else if (Is(name, "droppedAttributesCount"u8, "dropped_attributes_count"u8)) record.DroppedAttributesCount = ReadUInt32(ref reader, "droppedAttributesCount");
                else if (Is(name, "flags"u8, "flags"u8)) record.Flags = ReadUInt32(ref reader, "flags");
                else if (Is(name, "traceId"u8, "trace_id"u8))
                {
                    traceIdLength = ReadId(ref reader, id, TraceId.Size, "traceId");
                    record.TraceId = traceIdLength == TraceId.Size ? TraceId.Read(id) : default;
                }
                else if (Is(name, "spanId"u8, "span_id"u8))
                {
                    spanIdLength = ReadId(ref reader, id, SpanId.Size, "spanId");
                    record.SpanId = spanIdLength == SpanId.Size ? SpanId.Read(id) : default;
                }
                else if (Is(name, "eventName"u8, "event_name"u8)) record.EventName = ReadString(ref reader, "eventName");
                else reader.Skip();
            }
            var defect = LogRecordIds.Check(traceIdLength, spanIdLength, json: true);
            if (defect is not null)
            {
                data.RecordAttributes.Truncate(attributeStart);
                Bytes.Truncate(bytesStart);
                Rejections.Add($"resourceLogs[{_resourceIndex}].scopeLogs[{_scopeIndex}].logRecords[{_recordIndex}]", defect);
                return;
            }
            record.Attributes = new RowRange(attributeStart, data.RecordAttributes.Count - attributeStart);
            data.Records.Add(in record);
        }
    }
}
