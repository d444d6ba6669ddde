using Microsoft.Extensions.Logging;
using Orrery.Signals.Metrics;

namespace Orrery.Receive.Scrape;

/// <summary>What every pool and loop of one <see cref="ScrapeManager"/> shares.</summary>
internal sealed record ScrapeServices(HttpClient Http, IMetricConsumer Consumer, string Tenant, TimeProvider Time, ILogger Logger);
