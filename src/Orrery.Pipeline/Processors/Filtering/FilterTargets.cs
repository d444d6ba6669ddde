using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors.Filtering;

/// <summary>
/// The row a condition is evaluated on. One instance per processor call is pointed at each row
/// in turn, so evaluating a condition allocates nothing per span.
/// </summary>
internal abstract class FilterTarget
{
    public abstract FieldValue Read(FilterField field);

    protected static FieldValue Attribute(RowList<KeyValueRow> table, RowRange range, ByteArena arena, byte[] key)
    {
        var rows = table.AsSpan().Slice(range.Start, range.Count);
        for (var i = 0; i < rows.Length; i++)
        {
            if (arena.Get(rows[i].Key).SequenceEqual(key)) return FieldValue.Of(rows[i].Value, arena);
        }
        return FieldValue.Missing;
    }

    protected static FieldValue Label(ReadOnlySpan<LabelRow> labels, ByteArena arena, byte[] name)
    {
        foreach (ref readonly var label in labels)
        {
            if (arena.Get(label.Name).SequenceEqual(name)) return FieldValue.String(arena.Get(label.Value));
        }
        return FieldValue.Missing;
    }
}

internal sealed class SpanTarget : FilterTarget
{
    public SpanBatch Batch = null!;
    public int Row;

    public override FieldValue Read(FilterField field)
    {
        ref var span = ref Batch.Spans[Row];
        return field.Id switch
        {
            FilterFieldId.Name => FieldValue.String(Batch.Utf8(span.Name)),
            FilterFieldId.Kind => FieldValue.Integer((long)span.Kind),
            FilterFieldId.StatusCode => FieldValue.Integer((long)span.StatusCode),
            FilterFieldId.StatusMessage => FieldValue.String(Batch.Utf8(span.StatusMessage)),
            FilterFieldId.Attribute => Attribute(Batch.SpanAttributes, span.Attributes, Batch.Bytes, field.Key!),
            FilterFieldId.ResourceAttribute => Attribute(Batch.ResourceAttributes, Batch.ResourceOf(Row).Attributes, Batch.Bytes, field.Key!),
            FilterFieldId.ScopeName => FieldValue.String(Batch.Utf8(Batch.ScopeOf(Row).Name)),
            FilterFieldId.ScopeVersion => FieldValue.String(Batch.Utf8(Batch.ScopeOf(Row).Version)),
            _ => FieldValue.Missing,
        };
    }
}

internal sealed class SpanEventTarget : FilterTarget
{
    public SpanBatch Batch = null!;
    public int SpanRow;
    public int EventRow;

    public override FieldValue Read(FilterField field)
    {
        ref var e = ref Batch.Events[EventRow];
        return field.Id switch
        {
            FilterFieldId.Name => FieldValue.String(Batch.Utf8(e.Name)),
            FilterFieldId.Attribute => Attribute(Batch.EventAttributes, e.Attributes, Batch.Bytes, field.Key!),
            FilterFieldId.ResourceAttribute => Attribute(Batch.ResourceAttributes, Batch.ResourceOf(SpanRow).Attributes, Batch.Bytes, field.Key!),
            FilterFieldId.SpanName => FieldValue.String(Batch.Utf8(Batch.Spans[SpanRow].Name)),
            FilterFieldId.ScopeName => FieldValue.String(Batch.Utf8(Batch.ScopeOf(SpanRow).Name)),
            FilterFieldId.ScopeVersion => FieldValue.String(Batch.Utf8(Batch.ScopeOf(SpanRow).Version)),
            _ => FieldValue.Missing,
        };
    }
}

/// <summary>
/// A series (metric context) or one of its samples (datapoint context). In Prometheus's model the
/// metric name is the <c>__name__</c> label and attributes, resource attributes included, are labels.
/// </summary>
internal sealed class MetricTarget : FilterTarget
{
    private static readonly byte[] NameLabel = "__name__"u8.ToArray();

    public MetricBatch Batch = null!;
    public int Series;
    /// <summary>The float sample's value; null for a series or a histogram sample.</summary>
    public double? Value;

    public override FieldValue Read(FilterField field) => field.Id switch
    {
        FilterFieldId.Name => Label(Batch.LabelsOf(Series), Batch.Bytes, NameLabel),
        FilterFieldId.Attribute or FilterFieldId.ResourceAttribute => Label(Batch.LabelsOf(Series), Batch.Bytes, field.Key!),
        FilterFieldId.Value => Value is { } v ? FieldValue.Float(v) : FieldValue.Missing,
        _ => FieldValue.Missing,
    };
}

/// <summary>A log record: attributes are its structured metadata, resource attributes its stream labels.</summary>
internal sealed class LogTarget : FilterTarget
{
    public LogBatch Batch = null!;
    public int Row;

    public override FieldValue Read(FilterField field)
    {
        ref var record = ref Batch.Records[Row];
        return field.Id switch
        {
            FilterFieldId.Body => FieldValue.String(Batch.Utf8(record.Line)),
            FilterFieldId.SeverityNumber => FieldValue.Integer(record.SeverityNumber),
            FilterFieldId.SeverityText => FieldValue.String(FilterField.SeverityText(record.SeverityNumber)),
            FilterFieldId.Attribute => Label(Batch.MetadataOf(Row), Batch.Bytes, field.Key!),
            FilterFieldId.ResourceAttribute => Label(Batch.LabelsOf(record.Stream), Batch.Bytes, field.Key!),
            _ => FieldValue.Missing,
        };
    }
}
