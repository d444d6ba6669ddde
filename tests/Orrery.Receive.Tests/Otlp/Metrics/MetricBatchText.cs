using System.Globalization;
using System.Text;
using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Tests.Otlp.Metrics;

/// <summary>A <see cref="MetricBatch"/> as readable lines, Prometheus-style, for assertions.</summary>
internal static class MetricBatchText
{
    public static string Series(MetricBatch batch, int series)
    {
        var labels = batch.LabelsOf(series);
        var name = batch.String(batch.Series[series].Labels.Count > 0 ? FindName(batch, series) : default);
        var text = new StringBuilder(name).Append('{');
        var first = true;
        foreach (var label in labels)
        {
            var labelName = batch.String(label.Name);
            if (labelName == "__name__") continue;
            if (!first) text.Append(", ");
            first = false;
            text.Append(labelName).Append("=\"").Append(batch.String(label.Value)).Append('"');
        }
        return text.Append('}').ToString();
    }

    private static Utf8Ref FindName(MetricBatch batch, int series)
    {
        foreach (var label in batch.LabelsOf(series))
        {
            if (batch.String(label.Name) == "__name__") return label.Value;
        }
        return default;
    }

    /// <summary>Float samples: <c>name{labels} value @ms</c>, stale markers as <c>stale</c>.</summary>
    public static List<string> Samples(MetricBatch batch) =>
        batch.Samples.AsSpan().ToArray().Select(s => $"{Series(batch, s.Series)} {Value(s.Value)} @{s.TimestampMs}").ToList();

    public static string Value(double value) =>
        StaleMarker.Is(value) ? "stale" : value.ToString("R", CultureInfo.InvariantCulture);

    public static string Labels(MetricBatch batch, RowRange range) =>
        string.Join(", ", batch.Slice(range).ToArray().Select(l => $"{batch.String(l.Name)}=\"{batch.String(l.Value)}\""));

    /// <summary>Exemplars: <c>series value @ms {labels}</c>.</summary>
    public static List<string> Exemplars(MetricBatch batch) =>
        batch.Exemplars.AsSpan().ToArray().Select(e => $"{Series(batch, e.Series)} {Value(e.Value)} @{e.TimestampMs} {{{Labels(batch, e.Labels)}}}").ToList();

    /// <summary>A native histogram sample in one line: schema, counts and spans/buckets per side.</summary>
    public static string Histogram(MetricBatch batch, in HistogramRow h) =>
        $"{Series(batch, h.Series)} @{h.TimestampMs} schema={h.Schema} count={Value(h.Count)} sum={Value(h.Sum)} zero={Value(h.ZeroCount)}/{Value(h.ZeroThreshold)} " +
        $"pos={Side(batch, h.PositiveSpans, h.PositiveBuckets)} neg={Side(batch, h.NegativeSpans, h.NegativeBuckets)} hint={h.ResetHint}";

    public static string Side(MetricBatch batch, RowRange spans, RowRange buckets)
    {
        var spanText = string.Join(",", batch.BucketSpans.AsSpan().Slice(spans.Start, spans.Count).ToArray().Select(s => $"{s.Offset}:{s.Length}"));
        var counts = string.Join(",", batch.BucketCounts.AsSpan().Slice(buckets.Start, buckets.Count).ToArray().Select(Value));
        return $"[{spanText}][{counts}]";
    }

    public static List<string> Metadata(MetricBatch batch) =>
        batch.Metadata.AsSpan().ToArray().Select(m => $"{batch.String(m.MetricFamily)} {m.Type} help=\"{batch.String(m.Help)}\" unit=\"{batch.String(m.Unit)}\"").ToList();
}
