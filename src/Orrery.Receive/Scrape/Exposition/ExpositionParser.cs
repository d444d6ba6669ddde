using Orrery.Signals;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Scrape.Exposition;

/// <summary>
/// Reads a whole exposition body into a <see cref="MetricBatch"/>: one series per sample line,
/// exemplars beside their sample, one metadata row per family. The scrape loop uses
/// <see cref="ExpositionReader"/> directly (it caches series by their text); this is for
/// callers that want the batch as written.
/// </summary>
public static class ExpositionParser
{
    /// <summary>
    /// Appends every sample of <paramref name="body"/> to <paramref name="batch"/>. A sample
    /// without its own timestamp (or every sample, unless <paramref name="honorTimestamps"/>)
    /// gets <paramref name="defaultTimestampMs"/>. Returns the number of samples.
    /// </summary>
    /// <exception cref="ExpositionFormatException">The body is malformed; <paramref name="batch"/> then holds a partial result.</exception>
    public static int Parse(ReadOnlySpan<byte> body, ExpositionFormat format, MetricBatch batch, long defaultTimestampMs, bool honorTimestamps = true)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var reader = new ExpositionReader(body, format);
        var metadata = new MetadataCollector();
        var samples = 0;
        while (reader.Next())
        {
            if (reader.Entry != ExpositionEntry.Series)
            {
                metadata.Observe(ref reader, batch);
                continue;
            }
            batch.BeginSeries();
            batch.AddLabel("__name__"u8, reader.MetricName);
            AddLabels(batch, reader.Labels);
            var series = batch.EndSeries(out var duplicate);
            if (series < 0) throw new ExpositionFormatException(reader.LineNumber, $"label name \"{duplicate}\" is not unique");
            var timestamp = honorTimestamps && reader.HasTimestamp ? reader.TimestampMs : defaultTimestampMs;
            batch.AddSample(series, timestamp, reader.Value);
            samples++;
            if (reader.HasExemplar)
            {
                var start = batch.Labels.Count;
                AddLabels(batch, reader.ExemplarLabels);
                batch.Exemplars.Add(new ExemplarRow
                {
                    Series = series,
                    TimestampMs = reader.ExemplarHasTimestamp ? reader.ExemplarTimestampMs : timestamp,
                    Value = reader.ExemplarValue,
                    Labels = new RowRange(start, batch.Labels.Count - start),
                });
            }
        }
        metadata.Flush(batch);
        return samples;
    }

    internal static void AddLabels(MetricBatch batch, LabelEnumerator labels)
    {
        while (labels.MoveNext(out var name, out var rawValue))
        {
            batch.AddLabel(batch.Bytes.Append(name), MetadataCollector.AppendUnescaped(batch.Bytes, rawValue));
        }
    }
}
