using Orrery.Signals.Labels;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Tests.Scrape;

/// <summary>A sample of a batch with its series printed as Prometheus prints label sets.</summary>
public readonly record struct ReadSample(string Series, long TimestampMs, double Value)
{
    public bool IsStale => StaleMarker.Is(Value);
}

public static class BatchReader
{
    public static LabelSet Labels(MetricBatch batch, int series) =>
        LabelSet.From(batch.LabelsOf(series).ToArray().Select(l => new Label(batch.String(l.Name), batch.String(l.Value))));

    public static List<ReadSample> Samples(MetricBatch batch) =>
        batch.Samples.AsSpan().ToArray().Select(s => new ReadSample(Labels(batch, s.Series).ToString(), s.TimestampMs, s.Value)).ToList();

    public static ReadSample Single(MetricBatch batch, string series) => Samples(batch).Single(s => s.Series == series);

    public static Dictionary<string, string> ExemplarLabels(MetricBatch batch, int exemplar) =>
        batch.Slice(batch.Exemplars[exemplar].Labels).ToArray().ToDictionary(l => batch.String(l.Name), l => batch.String(l.Value));
}
