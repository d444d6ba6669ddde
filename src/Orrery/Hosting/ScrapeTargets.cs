using Orrery.Api.Prometheus;
using Orrery.Receive.Scrape;
using Orrery.Signals.Labels;
using TargetHealth = Orrery.Api.Prometheus.TargetHealth;

namespace Orrery.Hosting;

/// <summary>Shows the scrape manager's targets through <c>/api/v1/targets</c>, which knows nothing of the scraper.</summary>
internal static class ScrapeTargets
{
    public static TargetsView View(ScrapeManager manager)
    {
        var status = manager.GetTargets();
        var active = status.ActiveTargets.Select(t => new ActiveTargetView(
            Labels(t.DiscoveredLabels),
            Labels(t.Labels),
            t.ScrapePool,
            t.ScrapeUrl,
            t.LastError,
            t.LastScrape == DateTimeOffset.MinValue ? null : t.LastScrape,
            TimeSpan.FromSeconds(t.LastScrapeDuration),
            t.Health switch { "up" => TargetHealth.Up, "down" => TargetHealth.Down, _ => TargetHealth.Unknown },
            Duration(t.ScrapeInterval),
            Duration(t.ScrapeTimeout))
        {
            GlobalUrl = t.GlobalUrl,
        }).ToList();
        var dropped = status.DroppedTargets.Select(t => new DroppedTargetView(Labels(t.DiscoveredLabels))).ToList();
        return new TargetsView(active, dropped);
    }

    private static LabelSet Labels(IReadOnlyDictionary<string, string> labels) =>
        LabelSet.From(labels.Select(p => new Label(p.Key, p.Value)));

    private static TimeSpan Duration(string text) =>
        Receive.Scrape.Config.PromDuration.TryParse(text, out var value) ? value : TimeSpan.Zero;
}
