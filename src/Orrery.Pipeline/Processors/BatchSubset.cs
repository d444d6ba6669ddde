using Orrery.Signals.Logs;
using Orrery.Signals.Metrics;
using Orrery.Signals.Traces;

namespace Orrery.Pipeline.Processors;

/// <summary>
/// Builds a batch holding only the kept rows of another. Label tables and the arena are copied
/// whole (their ranges stay valid, and copying them in one go is cheaper than row by row); series
/// and streams are renumbered so the result names none that lost all their rows.
/// </summary>
internal static class BatchSubset
{
    public static SpanBatch Spans(SpanBatch source, ReadOnlySpan<bool> keep)
    {
        var copier = new SpanBatchCopier(new SpanBatch());
        for (var i = 0; i < keep.Length; i++)
        {
            if (keep[i]) copier.CopySpan(source, i);
        }
        return copier.Destination;
    }

    /// <param name="keepSample">Per float sample.</param>
    /// <param name="keepHistogram">Per histogram sample.</param>
    /// <param name="keepSeries">Per series; its exemplars go with it.</param>
    public static MetricBatch Metrics(MetricBatch source, ReadOnlySpan<bool> keepSeries, ReadOnlySpan<bool> keepSample, ReadOnlySpan<bool> keepHistogram)
    {
        var result = new MetricBatch();
        result.Bytes.Append(source.Bytes.Written);
        result.Labels.AddRange(source.Labels.AsSpan());
        result.BucketSpans.AddRange(source.BucketSpans.AsSpan());
        result.BucketCounts.AddRange(source.BucketCounts.AsSpan());
        result.Metadata.AddRange(source.Metadata.AsSpan());

        var used = new bool[source.Series.Count];
        var samples = source.Samples.AsSpan();
        for (var i = 0; i < samples.Length; i++)
        {
            if (keepSample[i] && keepSeries[samples[i].Series]) used[samples[i].Series] = true;
        }
        var histograms = source.Histograms.AsSpan();
        for (var i = 0; i < histograms.Length; i++)
        {
            if (keepHistogram[i] && keepSeries[histograms[i].Series]) used[histograms[i].Series] = true;
        }
        var map = new int[used.Length];
        for (var s = 0; s < used.Length; s++) map[s] = used[s] ? result.Series.Add(source.Series[s]) : -1;

        for (var i = 0; i < samples.Length; i++)
        {
            if (!keepSample[i] || map[samples[i].Series] < 0) continue;
            var row = samples[i];
            row.Series = map[row.Series];
            result.Samples.Add(row);
        }
        for (var i = 0; i < histograms.Length; i++)
        {
            if (!keepHistogram[i] || map[histograms[i].Series] < 0) continue;
            var row = histograms[i];
            row.Series = map[row.Series];
            result.Histograms.Add(row);
        }
        foreach (var exemplar in source.Exemplars.AsSpan())
        {
            if (map[exemplar.Series] < 0) continue;
            var row = exemplar;
            row.Series = map[row.Series];
            result.Exemplars.Add(row);
        }
        return result;
    }

    public static LogBatch Logs(LogBatch source, ReadOnlySpan<bool> keep)
    {
        var result = new LogBatch();
        result.Bytes.Append(source.Bytes.Written);
        result.StreamLabels.AddRange(source.StreamLabels.AsSpan());
        result.Metadata.AddRange(source.Metadata.AsSpan());
        var map = new int[source.Streams.Count];
        Array.Fill(map, -1);
        var records = source.Records.AsSpan();
        for (var i = 0; i < records.Length; i++)
        {
            if (!keep[i]) continue;
            var row = records[i];
            if (map[row.Stream] < 0) map[row.Stream] = result.Streams.Add(source.Streams[row.Stream]);
            row.Stream = map[row.Stream];
            result.Records.Add(row);
        }
        return result;
    }
}
