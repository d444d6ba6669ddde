using System.Buffers.Text;
using System.Text;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Logs;

namespace Orrery.Receive.Otlp.Logs;

/// <summary>
/// Maps decoded OTLP log records onto Loki's model as Loki 3 does for OTLP. One stream per
/// <c>ResourceLogs</c>: the configured resource attributes are its index labels
/// (<c>service_name="unknown_service"</c> when the resource names no service). Everything else
/// is structured metadata of each line: the record's attributes, <c>observed_timestamp</c>,
/// <c>severity_number</c>, <c>severity_text</c>, <c>dropped_attributes_count</c>, <c>flags</c>,
/// <c>trace_id</c> and <c>span_id</c> (lower-case hex), <c>event_name</c>, <c>detected_level</c>,
/// then the other resource attributes, then the scope's attributes, <c>scope_name</c>,
/// <c>scope_version</c> and <c>scope_dropped_attributes_count</c>.
/// </summary>
/// <remarks>
/// Attribute names are normalized like label names (<see cref="LabelNames"/>); a kvlist attribute
/// is flattened into one entry per leaf (<c>http.request</c> {<c>method</c>} →
/// <c>http_request_method</c>); empty values are left out. The body is the line, rendered as text
/// (<see cref="LogValueText"/>). Immutable after construction and safe to share.
/// </remarks>
public sealed partial class OtlpLogsMapper
{
    private readonly byte[][] _indexAttributes;
    private readonly byte[][] _indexLabelNames;
    private readonly int _serviceNameIndex;

    public OtlpLogsMapper(OtlpLogsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var attributes = options.EffectiveIndexLabelAttributes.Distinct(StringComparer.Ordinal).ToArray();
        _indexAttributes = [.. attributes.Select(Encoding.UTF8.GetBytes)];
        _indexLabelNames = [.. attributes.Select(a => Encoding.UTF8.GetBytes(LabelNames.Normalize(a)))];
        _serviceNameIndex = Array.IndexOf(attributes, "service.name");
    }

    /// <summary>Loki's default mapping.</summary>
    public static OtlpLogsMapper Default { get; } = new(new OtlpLogsOptions());

    internal OtlpLogsDecodeResult Map(OtlpLogsData data, LogBatch batch, long receiveTimeUnixNano, LogRecordRejections rejections, bool json)
    {
        var pass = new Pass(this, data, batch);
        var accepted = 0;
        for (var r = 0; r < data.Resources.Count; r++)
        {
            var resource = data.Resources[r];
            var records = RecordCount(data, resource);
            if (records == 0) continue;
            var stream = pass.BeginResource(resource, out var duplicate);
            if (stream < 0)
            {
                var path = json ? $"resourceLogs[{r}].resource" : $"resource_logs[{r}].resource";
                rejections.Add(records, path, $"its index labels name '{duplicate}' twice");
                continue;
            }
            for (var s = resource.Scopes.Start; s < resource.Scopes.End; s++)
            {
                var scope = data.Scopes[s];
                if (scope.Records.Count == 0) continue;
                pass.BeginScope(scope);
                for (var i = scope.Records.Start; i < scope.Records.End; i++)
                {
                    pass.AddRecord(stream, data.Records[i], receiveTimeUnixNano);
                    accepted++;
                }
            }
        }
        return new OtlpLogsDecodeResult(accepted, rejections.Count, rejections.Message);
    }

    private static int RecordCount(OtlpLogsData data, in OtlpLogResource resource)
    {
        var count = 0;
        for (var s = resource.Scopes.Start; s < resource.Scopes.End; s++) count += data.Scopes[s].Records.Count;
        return count;
    }

    private int IndexOf(ReadOnlySpan<byte> attribute)
    {
        for (var i = 0; i < _indexAttributes.Length; i++)
        {
            if (attribute.SequenceEqual(_indexAttributes[i])) return i;
        }
        return -1;
    }

    /// <summary>The state of one <see cref="Map"/> call: names appended to the batch's arena once, metadata shared by a resource's or scope's records.</summary>
    private sealed partial class Pass(OtlpLogsMapper mapper, OtlpLogsData data, LogBatch batch)
    {
        private readonly ByteArena _bytes = batch.Bytes;
        private readonly LogValueText _text = new();
        private readonly RowList<LabelRow> _resourceMetadata = new(16);
        private readonly RowList<LabelRow> _scopeMetadata = new(8);
        private readonly Utf8Ref[] _labelNames = new Utf8Ref[mapper._indexLabelNames.Length];
        private readonly Utf8Ref[] _levels = new Utf8Ref[DetectedLevel.All.Length];
        private readonly Utf8Ref[] _names = new Utf8Ref[(int)Name.Count];

        public int BeginResource(in OtlpLogResource resource, out string? duplicate)
        {
            _resourceMetadata.Clear();
            batch.BeginStream();
            var hasServiceName = false;
            for (var a = resource.Attributes.Start; a < resource.Attributes.End; a++)
            {
                ref var attribute = ref data.ResourceAttributes[a];
                var index = mapper.IndexOf(_bytes.Get(attribute.Key));
                if (index < 0)
                {
                    AddAttribute(_resourceMetadata, attribute.Key, attribute.Value);
                    continue;
                }
                var value = _text.Append(_bytes, attribute.Value);
                if (value.IsEmpty) continue;
                hasServiceName |= index == mapper._serviceNameIndex;
                batch.StreamLabels.Add(new LabelRow { Name = LabelName(index), Value = value });
            }
            if (!hasServiceName) batch.StreamLabels.Add(new LabelRow { Name = Constant(Name.ServiceName), Value = Constant(Name.UnknownService) });
            return batch.EndStream(out duplicate);
        }

        public void BeginScope(in OtlpLogScope scope)
        {
            _scopeMetadata.Clear();
            for (var a = scope.Attributes.Start; a < scope.Attributes.End; a++)
            {
                ref var attribute = ref data.ScopeAttributes[a];
                AddAttribute(_scopeMetadata, attribute.Key, attribute.Value);
            }
            Add(_scopeMetadata, Name.ScopeName, scope.Fields.Name);
            Add(_scopeMetadata, Name.ScopeVersion, scope.Fields.Version);
            if (scope.Fields.DroppedAttributesCount != 0) Add(_scopeMetadata, Name.ScopeDroppedAttributesCount, Number(scope.Fields.DroppedAttributesCount));
        }

        public void AddRecord(int stream, in OtlpLogRecord record, long receiveTimeUnixNano)
        {
            var metadata = batch.Metadata;
            var start = metadata.Count;
            for (var a = record.Attributes.Start; a < record.Attributes.End; a++)
            {
                ref var attribute = ref data.RecordAttributes[a];
                AddAttribute(metadata, attribute.Key, attribute.Value);
            }
            // Loki keeps the observed time only when it is not the line's timestamp already.
            if (record.TimeUnixNano != 0 && record.ObservedTimeUnixNano != 0) Add(metadata, Name.ObservedTimestamp, Number(record.ObservedTimeUnixNano));
            if (record.SeverityNumber != 0) Add(metadata, Name.SeverityNumber, Number((ulong)(uint)record.SeverityNumber));
            Add(metadata, Name.SeverityText, record.SeverityText);
            if (record.DroppedAttributesCount != 0) Add(metadata, Name.DroppedAttributesCount, Number(record.DroppedAttributesCount));
            if (record.Flags != 0) Add(metadata, Name.Flags, Number(record.Flags));
            if (!record.TraceId.IsEmpty) Add(metadata, Name.TraceId, TraceIdHex(record.TraceId));
            if (!record.SpanId.IsEmpty) Add(metadata, Name.SpanId, SpanIdHex(record.SpanId));
            Add(metadata, Name.EventName, record.EventName);
            var line = _text.Append(_bytes, record.Body);
            Add(metadata, Name.DetectedLevel, Level(DetectedLevel.Of(record.SeverityNumber, _bytes.Get(record.SeverityText), _bytes.Get(line))));
            metadata.AddRange(_resourceMetadata.AsSpan());
            metadata.AddRange(_scopeMetadata.AsSpan());

            var timestamp = record.TimeUnixNano != 0 ? (long)record.TimeUnixNano
                : record.ObservedTimeUnixNano != 0 ? (long)record.ObservedTimeUnixNano
                : receiveTimeUnixNano;
            batch.Records.Add(new LogRecordRow
            {
                Stream = stream,
                TimestampNs = timestamp,
                Line = line,
                Metadata = new RowRange(start, metadata.Count - start),
                TraceId = record.TraceId,
                SpanId = record.SpanId,
                SeverityNumber = record.SeverityNumber is >= 0 and <= byte.MaxValue ? (byte)record.SeverityNumber : (byte)0,
            });
        }

        private void Add(RowList<LabelRow> metadata, Name name, Utf8Ref value)
        {
            if (!value.IsEmpty) metadata.Add(new LabelRow { Name = Constant(name), Value = value });
        }

        private Utf8Ref Number(ulong value)
        {
            var room = _bytes.Reserve(20, out var reference);
            Utf8Formatter.TryFormat(value, room, out var written);
            _bytes.Truncate(reference.Offset + written);
            return new Utf8Ref(reference.Offset, written);
        }

        private Utf8Ref TraceIdHex(TraceId id)
        {
            var room = _bytes.Reserve(32, out var reference);
            Hex.WriteUtf8(id.High, room);
            Hex.WriteUtf8(id.Low, room[16..]);
            return reference;
        }

        private Utf8Ref SpanIdHex(SpanId id)
        {
            var room = _bytes.Reserve(16, out var reference);
            Hex.WriteUtf8(id.Value, room);
            return reference;
        }

        private Utf8Ref LabelName(int index) => Intern(ref _labelNames[index], mapper._indexLabelNames[index]);

        private Utf8Ref Level(int level) => Intern(ref _levels[level], DetectedLevel.All[level]);

        private Utf8Ref Constant(Name name) => Intern(ref _names[(int)name], NameBytes(name));

        // Names repeat on every line: each is appended to the arena once per batch.
        private Utf8Ref Intern(ref Utf8Ref slot, ReadOnlySpan<byte> text)
        {
            if (slot.IsEmpty) slot = _bytes.Append(text);
            return slot;
        }
    }
}
