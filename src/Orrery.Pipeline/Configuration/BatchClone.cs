using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Configuration;

/// <summary>
/// Whole-batch copies for fan-out: every consumer owns its batch, so each pipeline after the
/// first gets its own. Row indexes and arena offsets stay valid because the arena is copied whole.
/// </summary>
public static class BatchClone
{
    public static SpanBatch Copy(SpanBatch source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var copy = new SpanBatch();
        copy.Bytes.Append(source.Bytes.Written);
        copy.Resources.AddRange(source.Resources.AsSpan());
        copy.Scopes.AddRange(source.Scopes.AsSpan());
        copy.Spans.AddRange(source.Spans.AsSpan());
        copy.Events.AddRange(source.Events.AsSpan());
        copy.Links.AddRange(source.Links.AsSpan());
        copy.ResourceAttributes.AddRange(source.ResourceAttributes.AsSpan());
        copy.ScopeAttributes.AddRange(source.ScopeAttributes.AsSpan());
        copy.SpanAttributes.AddRange(source.SpanAttributes.AsSpan());
        copy.EventAttributes.AddRange(source.EventAttributes.AsSpan());
        copy.LinkAttributes.AddRange(source.LinkAttributes.AsSpan());
        return copy;
    }

    public static MetricBatch Copy(MetricBatch source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var copy = new MetricBatch();
        copy.Bytes.Append(source.Bytes.Written);
        copy.Series.AddRange(source.Series.AsSpan());
        copy.Labels.AddRange(source.Labels.AsSpan());
        copy.Samples.AddRange(source.Samples.AsSpan());
        copy.Histograms.AddRange(source.Histograms.AsSpan());
        copy.BucketSpans.AddRange(source.BucketSpans.AsSpan());
        copy.BucketCounts.AddRange(source.BucketCounts.AsSpan());
        copy.Exemplars.AddRange(source.Exemplars.AsSpan());
        copy.Metadata.AddRange(source.Metadata.AsSpan());
        return copy;
    }

    public static LogBatch Copy(LogBatch source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var copy = new LogBatch();
        copy.Bytes.Append(source.Bytes.Written);
        copy.Streams.AddRange(source.Streams.AsSpan());
        copy.StreamLabels.AddRange(source.StreamLabels.AsSpan());
        copy.Records.AddRange(source.Records.AsSpan());
        copy.Metadata.AddRange(source.Metadata.AsSpan());
        return copy;
    }
}
