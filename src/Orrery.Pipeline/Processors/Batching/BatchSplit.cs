using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors.Batching;

/// <summary>Cuts a batch into batches of at most <c>max</c> items (spans, samples, records), keeping row order.</summary>
internal static class BatchSplit
{
    public static IReadOnlyList<SpanBatch> Spans(SpanBatch batch, int max)
    {
        if (max <= 0 || batch.Count <= max) return [batch];
        var parts = new List<SpanBatch>();
        for (var start = 0; start < batch.Count; start += max)
        {
            var copier = new SpanBatchCopier(new SpanBatch());
            for (var i = start; i < Math.Min(batch.Count, start + max); i++) copier.CopySpan(batch, i);
            parts.Add(copier.Destination);
        }
        return parts;
    }

    public static IReadOnlyList<MetricBatch> Metrics(MetricBatch batch, int max)
    {
        if (max <= 0 || batch.SampleCount <= max) return [batch];
        var parts = new List<MetricBatch>();
        var allSeries = new bool[batch.Series.Count];
        Array.Fill(allSeries, true);
        var samples = batch.Samples.Count;
        for (var start = 0; start < batch.SampleCount; start += max)
        {
            var end = Math.Min(batch.SampleCount, start + max);
            // Float samples first, then histogram samples, in one numbering.
            var keepSample = new bool[samples];
            var keepHistogram = new bool[batch.Histograms.Count];
            for (var i = start; i < end; i++)
            {
                if (i < samples) keepSample[i] = true;
                else keepHistogram[i - samples] = true;
            }
            var part = BatchSubset.Metrics(batch, allSeries, keepSample, keepHistogram);
            // Exemplars and metadata travel once, with the first part.
            if (parts.Count > 0)
            {
                part.Exemplars.Clear();
                part.Metadata.Clear();
            }
            parts.Add(part);
        }
        return parts;
    }

    public static IReadOnlyList<LogBatch> Logs(LogBatch batch, int max)
    {
        if (max <= 0 || batch.Count <= max) return [batch];
        var parts = new List<LogBatch>();
        for (var start = 0; start < batch.Count; start += max)
        {
            var keep = new bool[batch.Count];
            keep.AsSpan(start, Math.Min(max, batch.Count - start)).Fill(true);
            parts.Add(BatchSubset.Logs(batch, keep));
        }
        return parts;
    }
}
