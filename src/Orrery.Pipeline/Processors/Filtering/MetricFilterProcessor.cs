using Orrery.Signals.Metrics;

namespace Orrery.Pipeline.Processors.Filtering;

/// <summary>
/// Drops series matching <c>metric</c> conditions (all their samples and exemplars) and samples
/// matching <c>datapoint</c> conditions. Dropped samples are not reported as rejected: the client
/// sent them successfully, the configuration chose not to keep them.
/// </summary>
internal sealed class MetricFilterProcessor(FilterRules rules, IMetricConsumer next, FilterMetrics metrics) : IMetricConsumer
{
    public async ValueTask<MetricWriteResult> ConsumeAsync(string tenant, MetricBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var keepSeries = new bool[batch.Series.Count];
        var keepSample = new bool[batch.Samples.Count];
        var keepHistogram = new bool[batch.Histograms.Count];
        var target = new MetricTarget { Batch = batch };
        for (var s = 0; s < keepSeries.Length; s++)
        {
            target.Series = s;
            keepSeries[s] = !FilterRules.AnyMatches(rules.Metric, target);
        }
        var dropped = 0;
        for (var i = 0; i < keepSample.Length; i++)
        {
            ref var sample = ref batch.Samples[i];
            target.Series = sample.Series;
            target.Value = sample.Value;
            keepSample[i] = keepSeries[sample.Series] && !FilterRules.AnyMatches(rules.DataPoint, target);
            if (!keepSample[i]) dropped++;
        }
        target.Value = null;
        for (var i = 0; i < keepHistogram.Length; i++)
        {
            target.Series = batch.Histograms[i].Series;
            keepHistogram[i] = keepSeries[target.Series] && !FilterRules.AnyMatches(rules.DataPoint, target);
            if (!keepHistogram[i]) dropped++;
        }
        metrics.Dropped("sample", dropped);
        if (dropped == 0 && Array.TrueForAll(keepSeries, k => k)) return await next.ConsumeAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
        if (dropped == batch.SampleCount) return new MetricWriteResult(dropped, 0, 0, null);
        var result = await next.ConsumeAsync(tenant, BatchSubset.Metrics(batch, keepSeries, keepSample, keepHistogram), cancellationToken).ConfigureAwait(false);
        return result with { AcceptedSamples = result.AcceptedSamples + dropped };
    }
}
