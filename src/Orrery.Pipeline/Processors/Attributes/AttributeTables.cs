using System.Buffers;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors.Attributes;

/// <summary>
/// Rewrites one attribute table of a batch, owner by owner: each owner's rows are put at the
/// tail, edited there (so rows can be added and removed), and the owner's range updated. Tables
/// used by one kind of owner are rebuilt in place; metric labels, shared by series and
/// exemplars, are edited into new rows at the end and the old ones left unreferenced.
/// </summary>
internal static class AttributeTables
{
    public static void EditSpanAttributes(SpanBatch batch, Action<IAttributeEditor> edit)
    {
        var editor = new KeyValueEditor { Arena = batch.Bytes, Table = batch.SpanAttributes };
        Rebuild(batch.SpanAttributes, batch.Spans.Count, i => batch.Spans[i].Attributes, (i, r) => batch.Spans[i].Attributes = r, start => { editor.Start = start; edit(editor); });
    }

    public static void EditEventAttributes(SpanBatch batch, Action<IAttributeEditor> edit)
    {
        var editor = new KeyValueEditor { Arena = batch.Bytes, Table = batch.EventAttributes };
        Rebuild(batch.EventAttributes, batch.Events.Count, i => batch.Events[i].Attributes, (i, r) => batch.Events[i].Attributes = r, start => { editor.Start = start; edit(editor); });
    }

    public static void EditResourceAttributes(SpanBatch batch, Action<IAttributeEditor> edit)
    {
        var editor = new KeyValueEditor { Arena = batch.Bytes, Table = batch.ResourceAttributes };
        Rebuild(batch.ResourceAttributes, batch.Resources.Count, i => batch.Resources[i].Attributes, (i, r) => batch.Resources[i].Attributes = r, start => { editor.Start = start; edit(editor); });
    }

    public static void EditRecordMetadata(LogBatch batch, Action<IAttributeEditor> edit)
    {
        var editor = new LabelEditor { Arena = batch.Bytes, Table = batch.Metadata };
        Rebuild(batch.Metadata, batch.Records.Count, i => batch.Records[i].Metadata, (i, r) => batch.Records[i].Metadata = r, start => { editor.Start = start; edit(editor); });
    }

    public static void EditStreamLabels(LogBatch batch, Action<IAttributeEditor> edit)
    {
        var editor = new LabelEditor { Arena = batch.Bytes, Table = batch.StreamLabels };
        Rebuild(batch.StreamLabels, batch.Streams.Count, i => batch.Streams[i].Labels, (i, r) => batch.Streams[i].Labels = r, start =>
        {
            editor.Start = start;
            edit(editor);
            Canonicalize(batch.Bytes, batch.StreamLabels, start);
        });
    }

    public static void EditSeriesLabels(MetricBatch batch, Action<IAttributeEditor> edit)
    {
        var editor = new LabelEditor { Arena = batch.Bytes, Table = batch.Labels };
        for (var s = 0; s < batch.Series.Count; s++)
        {
            var range = batch.Series[s].Labels;
            var start = batch.Labels.Count;
            batch.Labels.AddRange(batch.Labels.AsSpan().Slice(range.Start, range.Count));
            editor.Start = start;
            edit(editor);
            if (Canonicalize(batch.Bytes, batch.Labels, start)) batch.Series[s].Labels = new RowRange(start, batch.Labels.Count - start);
            else batch.Labels.Truncate(start);
        }
    }

    // Series and stream labels stay sorted and unique; a duplicate (not produced by the actions,
    // which look keys up before adding) would leave the owner's labels as they were.
    private static bool Canonicalize(ByteArena bytes, RowList<LabelRow> table, int start)
    {
        var kept = LabelCanonicalizer.Canonicalize(bytes, table.AsSpan()[start..], out _);
        if (kept < 0) return false;
        table.Truncate(start + kept);
        return true;
    }

    private static void Rebuild<TRow>(RowList<TRow> table, int owners, Func<int, RowRange> range, Action<int, RowRange> setRange, Action<int> edit)
        where TRow : unmanaged
    {
        var count = table.Count;
        var old = ArrayPool<TRow>.Shared.Rent(Math.Max(count, 1));
        try
        {
            table.AsSpan().CopyTo(old);
            table.Clear();
            for (var i = 0; i < owners; i++)
            {
                var r = range(i);
                var start = table.Count;
                table.AddRange(old.AsSpan(r.Start, r.Count));
                edit(start);
                setRange(i, new RowRange(start, table.Count - start));
            }
        }
        finally
        {
            ArrayPool<TRow>.Shared.Return(old);
        }
    }
}
