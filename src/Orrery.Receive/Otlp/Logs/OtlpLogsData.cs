using Orrery.Receive.Otlp.Common;
using Orrery.Signals;

namespace Orrery.Receive.Otlp.Logs;

/// <summary>
/// An OTLP logs request as decoded, before it is mapped onto Loki's model: the resource / scope /
/// record tree as rows, strings in the destination <see cref="Signals.Logs.LogBatch"/>'s arena so the
/// mapping can point at them instead of copying. Scopes of one resource and records of one scope
/// are contiguous (they are appended while their parent is read).
/// </summary>
internal sealed class OtlpLogsData
{
    public RowList<OtlpLogResource> Resources { get; } = new(4);
    public RowList<OtlpLogScope> Scopes { get; } = new(4);
    public RowList<OtlpLogRecord> Records { get; } = new(64);
    public RowList<KeyValueRow> ResourceAttributes { get; } = new(32);
    public RowList<KeyValueRow> ScopeAttributes { get; } = new(8);
    public RowList<KeyValueRow> RecordAttributes { get; } = new(128);
}

internal struct OtlpLogResource
{
    public RowRange Attributes;
    public uint DroppedAttributesCount;
    public RowRange Scopes;
}

internal struct OtlpLogScope
{
    public OtlpScopeFields Fields;
    public RowRange Attributes;
    public RowRange Records;
}

/// <summary>Every field of an OTLP <c>LogRecord</c>; ids are zero when absent.</summary>
internal struct OtlpLogRecord
{
    public ulong TimeUnixNano;
    public ulong ObservedTimeUnixNano;
    public int SeverityNumber;
    public Utf8Ref SeverityText;
    public AnyValueRow Body;
    public RowRange Attributes;
    public uint DroppedAttributesCount;
    public uint Flags;
    public TraceId TraceId;
    public SpanId SpanId;
    public Utf8Ref EventName;
}
