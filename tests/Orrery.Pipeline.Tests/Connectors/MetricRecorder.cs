using Orrery.Signals.Metrics;

namespace Orrery.Pipeline.Tests.Connectors;

/// <summary>Keeps every flushed batch and reads series back by name and labels.</summary>
internal sealed class MetricRecorder : IMetricConsumer
{
    public List<(string Tenant, MetricBatch Batch)> Batches { get; } = [];

    public ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
    {
        Batches.Add((tenant, batch));
        return ValueTask.FromResult(MetricWriteResult.AllAccepted(batch));
    }

    public MetricBatch Last => Batches[^1].Batch;

    /// <summary>The labels of a series as "name=value,..." sorted, without __name__.</summary>
    public static string LabelText(MetricBatch b, int series) =>
        string.Join(",", b.LabelsOf(series).ToArray().Select(l => (b.String(l.Name), b.String(l.Value))).Where(l => l.Item1 != "__name__").Select(l => $"{l.Item1}={l.Item2}"));

    public static string Name(MetricBatch b, int series) => System.Text.Encoding.UTF8.GetString(b.LabelValue(series, "__name__"u8));

    /// <summary>Series indexes of <paramref name="name"/> whose labels are exactly <paramref name="labels"/>.</summary>
    public static IEnumerable<int> Find(MetricBatch b, string name, string labels) =>
        Enumerable.Range(0, b.Series.Count).Where(s => Name(b, s) == name && LabelText(b, s) == labels);

    /// <summary>The samples of a series (time, value) in the batch.</summary>
    public static (long T, double V)[] Samples(MetricBatch b, string name, string labels)
    {
        var series = Find(b, name, labels).ToHashSet();
        return b.Samples.AsSpan().ToArray().Where(s => series.Contains(s.Series)).Select(s => (s.TimestampMs, s.Value)).ToArray();
    }

    /// <summary>The latest value of a series in the last batch, or null when absent.</summary>
    public double? Value(string name, string labels)
    {
        var samples = Samples(Last, name, labels);
        return samples.Length == 0 ? null : samples.MaxBy(s => s.T).V;
    }

    public IEnumerable<string> SeriesOf(string name) =>
        Enumerable.Range(0, Last.Series.Count).Where(s => Name(Last, s) == name).Select(s => LabelText(Last, s)).Distinct();
}
