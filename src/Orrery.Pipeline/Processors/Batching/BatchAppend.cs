using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors.Batching;

/// <summary>
/// Appends one batch to another: the source arena is copied in one piece after the destination's,
/// and every arena reference and row index of the copied rows is shifted by where its table
/// started. No per-string copying, so merging costs little more than the memcpy.
/// </summary>
internal static class BatchAppend
{
    public static void Append(SpanBatch to, SpanBatch from)
    {
        var bytes = to.Bytes.Length;
        to.Bytes.Append(from.Bytes.Written);
        var resources = to.Resources.Count;
        var scopes = to.Scopes.Count;
        var events = to.Events.Count;
        var links = to.Links.Count;
        var resourceAttributes = AppendAttributes(to.ResourceAttributes, from.ResourceAttributes, bytes);
        var scopeAttributes = AppendAttributes(to.ScopeAttributes, from.ScopeAttributes, bytes);
        var spanAttributes = AppendAttributes(to.SpanAttributes, from.SpanAttributes, bytes);
        var eventAttributes = AppendAttributes(to.EventAttributes, from.EventAttributes, bytes);
        var linkAttributes = AppendAttributes(to.LinkAttributes, from.LinkAttributes, bytes);
        foreach (var r in from.Resources.AsSpan())
        {
            var row = r;
            row.SchemaUrl = Shift(row.SchemaUrl, bytes);
            row.Attributes = Shift(row.Attributes, resourceAttributes);
            to.Resources.Add(row);
        }
        foreach (var s in from.Scopes.AsSpan())
        {
            var row = s;
            row.Resource += resources;
            row.Name = Shift(row.Name, bytes);
            row.Version = Shift(row.Version, bytes);
            row.SchemaUrl = Shift(row.SchemaUrl, bytes);
            row.Attributes = Shift(row.Attributes, scopeAttributes);
            to.Scopes.Add(row);
        }
        foreach (var s in from.Spans.AsSpan())
        {
            var row = s;
            row.Scope += scopes;
            row.TraceState = Shift(row.TraceState, bytes);
            row.Name = Shift(row.Name, bytes);
            row.StatusMessage = Shift(row.StatusMessage, bytes);
            row.Attributes = Shift(row.Attributes, spanAttributes);
            row.Events = Shift(row.Events, events);
            row.Links = Shift(row.Links, links);
            to.Spans.Add(row);
        }
        foreach (var e in from.Events.AsSpan())
        {
            var row = e;
            row.Name = Shift(row.Name, bytes);
            row.Attributes = Shift(row.Attributes, eventAttributes);
            to.Events.Add(row);
        }
        foreach (var l in from.Links.AsSpan())
        {
            var row = l;
            row.TraceState = Shift(row.TraceState, bytes);
            row.Attributes = Shift(row.Attributes, linkAttributes);
            to.Links.Add(row);
        }
    }

    public static void Append(MetricBatch to, MetricBatch from)
    {
        var bytes = to.Bytes.Length;
        to.Bytes.Append(from.Bytes.Written);
        var series = to.Series.Count;
        var labels = AppendLabels(to.Labels, from.Labels, bytes);
        var bucketSpans = to.BucketSpans.Count;
        var bucketCounts = to.BucketCounts.Count;
        to.BucketSpans.AddRange(from.BucketSpans.AsSpan());
        to.BucketCounts.AddRange(from.BucketCounts.AsSpan());
        foreach (var s in from.Series.AsSpan()) to.Series.Add(new SeriesRow { Labels = Shift(s.Labels, labels) });
        foreach (var s in from.Samples.AsSpan())
        {
            var row = s;
            row.Series += series;
            to.Samples.Add(row);
        }
        foreach (var h in from.Histograms.AsSpan())
        {
            var row = h;
            row.Series += series;
            row.PositiveSpans = Shift(row.PositiveSpans, bucketSpans);
            row.NegativeSpans = Shift(row.NegativeSpans, bucketSpans);
            row.PositiveBuckets = Shift(row.PositiveBuckets, bucketCounts);
            row.NegativeBuckets = Shift(row.NegativeBuckets, bucketCounts);
            to.Histograms.Add(row);
        }
        foreach (var e in from.Exemplars.AsSpan())
        {
            var row = e;
            row.Series += series;
            row.Labels = Shift(row.Labels, labels);
            to.Exemplars.Add(row);
        }
        foreach (var m in from.Metadata.AsSpan())
        {
            var row = m;
            row.MetricFamily = Shift(row.MetricFamily, bytes);
            row.Help = Shift(row.Help, bytes);
            row.Unit = Shift(row.Unit, bytes);
            to.Metadata.Add(row);
        }
    }

    public static void Append(LogBatch to, LogBatch from)
    {
        var bytes = to.Bytes.Length;
        to.Bytes.Append(from.Bytes.Written);
        var streams = to.Streams.Count;
        var streamLabels = AppendLabels(to.StreamLabels, from.StreamLabels, bytes);
        var metadata = AppendLabels(to.Metadata, from.Metadata, bytes);
        foreach (var s in from.Streams.AsSpan()) to.Streams.Add(new LogStreamRow { Labels = Shift(s.Labels, streamLabels) });
        foreach (var r in from.Records.AsSpan())
        {
            var row = r;
            row.Stream += streams;
            row.Line = Shift(row.Line, bytes);
            row.Metadata = Shift(row.Metadata, metadata);
            to.Records.Add(row);
        }
    }

    private static int AppendAttributes(RowList<KeyValueRow> to, RowList<KeyValueRow> from, int bytes)
    {
        var start = to.Count;
        foreach (var kv in from.AsSpan())
        {
            var row = kv;
            row.Key = Shift(row.Key, bytes);
            row.Value.Bytes = Shift(row.Value.Bytes, bytes);
            to.Add(row);
        }
        return start;
    }

    private static int AppendLabels(RowList<LabelRow> to, RowList<LabelRow> from, int bytes)
    {
        var start = to.Count;
        foreach (var l in from.AsSpan()) to.Add(new LabelRow { Name = Shift(l.Name, bytes), Value = Shift(l.Value, bytes) });
        return start;
    }

    private static Utf8Ref Shift(Utf8Ref r, int by) => r.IsEmpty ? default : new Utf8Ref(r.Offset + by, r.Length);

    private static RowRange Shift(RowRange r, int by) => r.Count == 0 ? default : new RowRange(r.Start + by, r.Count);
}
