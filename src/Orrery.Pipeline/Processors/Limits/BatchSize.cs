using System.Runtime.CompilerServices;
using Orrery.Signals;
using Orrery.Signals.Labels;
using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors.Limits;

/// <summary>
/// What a batch weighs for byte limits: its arena (strings and values) plus its rows. This is the
/// memory the batch holds in Orrery, close to but not the same as its size on the wire.
/// </summary>
internal static class BatchSize
{
    public static long Bytes(SpanBatch b) =>
        b.Bytes.Length
        + (long)b.Spans.Count * Unsafe.SizeOf<SpanRow>()
        + (long)b.Events.Count * Unsafe.SizeOf<EventRow>()
        + (long)b.Links.Count * Unsafe.SizeOf<LinkRow>()
        + (long)(b.SpanAttributes.Count + b.ResourceAttributes.Count + b.ScopeAttributes.Count + b.EventAttributes.Count + b.LinkAttributes.Count) * Unsafe.SizeOf<KeyValueRow>();

    public static long Bytes(MetricBatch b) =>
        b.Bytes.Length
        + (long)b.Labels.Count * Unsafe.SizeOf<LabelRow>()
        + (long)b.Samples.Count * Unsafe.SizeOf<SampleRow>()
        + (long)b.Histograms.Count * Unsafe.SizeOf<HistogramRow>()
        + (long)b.BucketCounts.Count * sizeof(double);

    public static long Bytes(LogBatch b) =>
        b.Bytes.Length
        + (long)b.Records.Count * Unsafe.SizeOf<LogRecordRow>()
        + (long)(b.Metadata.Count + b.StreamLabels.Count) * Unsafe.SizeOf<LabelRow>();
}
