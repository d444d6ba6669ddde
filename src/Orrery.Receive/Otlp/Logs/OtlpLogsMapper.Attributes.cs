using Orrery.Receive.Otlp.Common;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Protobuf;
using F = Orrery.Signals.Protobuf.OtlpFieldNumbers;

namespace Orrery.Receive.Otlp.Logs;

public sealed partial class OtlpLogsMapper
{
    /// <summary>The structured-metadata names the mapping writes itself.</summary>
    private enum Name
    {
        ServiceName,
        UnknownService,
        ObservedTimestamp,
        SeverityNumber,
        SeverityText,
        DroppedAttributesCount,
        Flags,
        TraceId,
        SpanId,
        EventName,
        DetectedLevel,
        ScopeName,
        ScopeVersion,
        ScopeDroppedAttributesCount,
        Count,
    }

    private static ReadOnlySpan<byte> NameBytes(Name name) => name switch
    {
        Name.ServiceName => "service_name"u8,
        Name.UnknownService => "unknown_service"u8,
        Name.ObservedTimestamp => "observed_timestamp"u8,
        Name.SeverityNumber => "severity_number"u8,
        Name.SeverityText => "severity_text"u8,
        Name.DroppedAttributesCount => "dropped_attributes_count"u8,
        Name.Flags => "flags"u8,
        Name.TraceId => "trace_id"u8,
        Name.SpanId => "span_id"u8,
        Name.EventName => "event_name"u8,
        Name.DetectedLevel => "detected_level"u8,
        Name.ScopeName => "scope_name"u8,
        Name.ScopeVersion => "scope_version"u8,
        Name.ScopeDroppedAttributesCount => "scope_dropped_attributes_count"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private sealed partial class Pass
    {
        /// <summary>How deep kvlists are flattened; deeper ones are kept whole, as JSON.</summary>
        private const int MaxFlattenDepth = 8;

        private RowList<KeyValueRow>? _nested;

        /// <summary>An attribute as structured metadata: the value as text, a kvlist flattened into one entry per leaf.</summary>
        private void AddAttribute(RowList<LabelRow> metadata, Utf8Ref key, in AnyValueRow value, int depth = 0)
        {
            if (value.Kind == ValueKind.KvList && depth < MaxFlattenDepth)
            {
                Flatten(metadata, key, value.Bytes, depth);
                return;
            }
            var text = _text.Append(_bytes, value);
            if (text.IsEmpty || key.IsEmpty) return;
            metadata.Add(new LabelRow { Name = LabelNames.Normalize(_bytes, key), Value = text });
        }

        // message KeyValueList { repeated KeyValue values = 1; }: each entry becomes "<key>_<entry key>".
        private void Flatten(RowList<LabelRow> metadata, Utf8Ref key, Utf8Ref kvlist, int depth)
        {
            var entries = _nested ??= new RowList<KeyValueRow>(8);
            var first = entries.Count;
            var reader = new ProtoReader(_bytes.Get(kvlist));
            while (reader.TryReadTag(out var tag))
            {
                if (tag != (F.ValueList.Values << 3 | (int)WireType.LengthDelimited))
                {
                    reader.SkipField(tag);
                    continue;
                }
                var keyValue = reader.ReadMessage();
                OtlpCommonProtobuf.ReadKeyValue(ref keyValue, _bytes, entries);
            }
            var end = entries.Count;
            for (var i = first; i < end; i++)
            {
                var entry = entries[i];
                AddAttribute(metadata, Join(key, entry.Key), entry.Value, depth + 1);
            }
            entries.Truncate(first);
        }

        private Utf8Ref Join(Utf8Ref prefix, Utf8Ref key)
        {
            var room = _bytes.Reserve(prefix.Length + 1 + key.Length, out var reference);
            _bytes.Get(prefix).CopyTo(room);
            room[prefix.Length] = (byte)'_';
            _bytes.Get(key).CopyTo(room[(prefix.Length + 1)..]);
            return reference;
        }
    }
}
