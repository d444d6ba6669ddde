using Orrery.Receive.Otlp.Common;
using Orrery.Signals;
using Orrery.Signals.Logs;
using Orrery.Signals.Protobuf;
using F = Orrery.Signals.Protobuf.OtlpLogsFieldNumbers;

namespace Orrery.Receive.Otlp.Logs;

/// <summary>
/// Decodes an OTLP <c>ExportLogsServiceRequest</c> (also <c>LogsData</c>, same layout) from
/// protobuf bytes and maps it onto Loki's model in a <see cref="LogBatch"/> (see
/// <see cref="OtlpLogsMapper"/>). Strings are copied once, into the batch's arena.
/// </summary>
/// <remarks>
/// A record whose trace_id or span_id has a size other than 0, 16 or 8 bytes is rejected alone
/// and counted in the result. A malformed payload throws <see cref="OtlpFormatException"/> and
/// leaves the batch as it was. Protobuf semantics as in the trace reader: any field order, last
/// value wins, unknown fields skipped, strings stored as given.
/// </remarks>
public static class OtlpLogsProtobufReader
{
    private const int Varint = (int)WireType.Varint;
    private const int I64 = (int)WireType.Fixed64;
    private const int Len = (int)WireType.LengthDelimited;
    private const int I32 = (int)WireType.Fixed32;

    /// <param name="receiveTimeUnixNano">The timestamp of records that carry neither time nor observed time.</param>
    public static OtlpLogsDecodeResult Read(ReadOnlySpan<byte> payload, LogBatch destination, OtlpLogsMapper mapper, long receiveTimeUnixNano)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(mapper);
        var start = new LogBatchMark(destination);
        var data = new OtlpLogsData();
        var decoder = new Decoder(data, destination.Bytes);
        try
        {
            var reader = new ProtoReader(payload);
            // message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
            while (reader.TryReadTag(out var tag))
            {
                if (tag == (F.LogsData.ResourceLogs << 3 | Len))
                {
                    var resourceLogs = reader.ReadMessage();
                    decoder.ReadResourceLogs(ref resourceLogs);
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
            throw new OtlpFormatException($"malformed OTLP protobuf ExportLogsServiceRequest: {e.Message}", e);
        }
        return mapper.Map(data, destination, receiveTimeUnixNano, decoder.Rejections, json: false);
    }

    private sealed class Decoder(OtlpLogsData data, ByteArena bytes)
    {
        private int _resourceIndex = -1;
        private int _scopeIndex;
        private int _recordIndex;

        public LogRecordRejections Rejections;

        // message ResourceLogs {
        //   Resource resource = 1;
        //   repeated ScopeLogs scope_logs = 2;
        //   string schema_url = 3;
        // }
        public void ReadResourceLogs(ref ProtoReader reader)
        {
            _resourceIndex++;
            _scopeIndex = -1;
            var resource = new OtlpLogResource();
            var attributeStart = data.ResourceAttributes.Count;
            var scopeStart = data.Scopes.Count;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.ResourceLogs.Resource << 3 | Len:
                        var message = reader.ReadMessage();
                        OtlpCommonProtobuf.ReadResource(ref message, bytes, data.ResourceAttributes, ref resource.DroppedAttributesCount);
                        break;
                    case F.ResourceLogs.ScopeLogs << 3 | Len:
                        var scopeLogs = reader.ReadMessage();
                        ReadScopeLogs(ref scopeLogs);
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            resource.Attributes = new RowRange(attributeStart, data.ResourceAttributes.Count - attributeStart);
            resource.Scopes = new RowRange(scopeStart, data.Scopes.Count - scopeStart);
            data.Resources.Add(in resource);
        }

        // message ScopeLogs {
        //   InstrumentationScope scope = 1;
        //   repeated LogRecord log_records = 2;
        //   string schema_url = 3;
        // }
        private void ReadScopeLogs(ref ProtoReader reader)
        {
            _scopeIndex++;
            _recordIndex = -1;
            var scope = new OtlpLogScope();
            var attributeStart = data.ScopeAttributes.Count;
            var recordStart = data.Records.Count;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.ScopeLogs.Scope << 3 | Len:
                        var message = reader.ReadMessage();
                        OtlpCommonProtobuf.ReadScope(ref message, bytes, data.ScopeAttributes, ref scope.Fields);
                        break;
                    case F.ScopeLogs.LogRecords << 3 | Len:
                        var record = reader.ReadMessage();
                        ReadLogRecord(ref record);
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            scope.Attributes = new RowRange(attributeStart, data.ScopeAttributes.Count - attributeStart);
            scope.Records = new RowRange(recordStart, data.Records.Count - recordStart);
            data.Scopes.Add(in scope);
        }

        // message LogRecord {
        //   fixed64 time_unix_nano = 1;
        //   fixed64 observed_time_unix_nano = 11;
        //   SeverityNumber severity_number = 2;
        //   string severity_text = 3;
        //   AnyValue body = 5;
        //   repeated KeyValue attributes = 6;
        //   uint32 dropped_attributes_count = 7;
        //   fixed32 flags = 8;
        //   bytes trace_id = 9;
        //   bytes span_id = 10;
        //   string event_name = 12;
        // }
        private void ReadLogRecord(ref ProtoReader reader)
        {
            _recordIndex++;
            var record = new OtlpLogRecord();
            var bytesStart = bytes.Length;
            var attributeStart = data.RecordAttributes.Count;
            int traceIdLength = 0, spanIdLength = 0;
            while (reader.TryReadTag(out var tag))
            {
                switch (tag)
                {
                    case F.LogRecord.TimeUnixNano << 3 | I64:
                        record.TimeUnixNano = reader.ReadFixed64();
                        break;
                    case F.LogRecord.ObservedTimeUnixNano << 3 | I64:
                        record.ObservedTimeUnixNano = reader.ReadFixed64();
                        break;
                    case F.LogRecord.SeverityNumber << 3 | Varint:
                        record.SeverityNumber = (int)reader.ReadVarint32();
                        break;
                    case F.LogRecord.SeverityText << 3 | Len:
                        record.SeverityText = bytes.Append(reader.ReadBytes());
                        break;
                    case F.LogRecord.Body << 3 | Len:
                        var body = reader.ReadMessage();
                        OtlpCommonProtobuf.ReadAnyValue(ref body, bytes, ref record.Body);
                        break;
                    case F.LogRecord.Attributes << 3 | Len:
                        var keyValue = reader.ReadMessage();
                        OtlpCommonProtobuf.ReadKeyValue(ref keyValue, bytes, data.RecordAttributes);
                        break;
                    case F.LogRecord.DroppedAttributesCount << 3 | Varint:
                        record.DroppedAttributesCount = reader.ReadVarint32();
                        break;
                    case F.LogRecord.Flags << 3 | I32:
                        record.Flags = reader.ReadFixed32();
                        break;
                    case F.LogRecord.TraceId << 3 | Len:
                        var traceId = reader.ReadBytes();
                        traceIdLength = traceId.Length;
                        record.TraceId = traceId.Length == TraceId.Size ? TraceId.Read(traceId) : default;
                        break;
                    case F.LogRecord.SpanId << 3 | Len:
                        var spanId = reader.ReadBytes();
                        spanIdLength = spanId.Length;
                        record.SpanId = spanId.Length == SpanId.Size ? SpanId.Read(spanId) : default;
                        break;
                    case F.LogRecord.EventName << 3 | Len:
                        record.EventName = bytes.Append(reader.ReadBytes());
                        break;
                    default:
                        reader.SkipField(tag);
                        break;
                }
            }
            var defect = LogRecordIds.Check(traceIdLength, spanIdLength, json: false);
            if (defect is not null)
            {
                data.RecordAttributes.Truncate(attributeStart);
                bytes.Truncate(bytesStart);
                Rejections.Add($"resource_logs[{_resourceIndex}].scope_logs[{_scopeIndex}].log_records[{_recordIndex}]", defect);
                return;
            }
            record.Attributes = new RowRange(attributeStart, data.RecordAttributes.Count - attributeStart);
            data.Records.Add(in record);
        }
    }
}
