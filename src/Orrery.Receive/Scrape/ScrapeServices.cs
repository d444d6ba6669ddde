using Microsoft.Extensions.Logging;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Scrape;

/// <summary>What every pool and loop of one <see cref="ScrapeManager"/> shares.</summary>
internal sealed record ScrapeServices(HttpClient Http, IMetricConsumer Consumer, string Tenant, TimeProvider Time, ILogger Logger)
{
    /// <summary>
    /// Scrape batches the pipeline gave back, for the next scrape of any target: targets scrape
    /// at spread offsets, so few batches are in use at once, and a batch keeps the capacity of a
    /// target's size instead of each scrape allocating it again.
    /// </summary>
    public MetricBatchPool Batches { get; } = new(capacity: 8, maxArenaBytes: 4 << 20);
}
