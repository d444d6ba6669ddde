using Orrery.Signals.Labels;

namespace Orrery.Api.Prometheus;

/// <summary>
/// What <c>/api/v1/targets</c> shows; the host adapts the scrape manager's state into it, so the
/// API does not depend on the scraper's types.
/// </summary>
public sealed record TargetsView(IReadOnlyList<ActiveTargetView> Active, IReadOnlyList<DroppedTargetView> Dropped)
{
    public static TargetsView Empty { get; } = new([], []);
}

/// <summary>A target being scraped, with the outcome of its last scrape.</summary>
/// <param name="DiscoveredLabels">Labels before relabelling (<c>__address__</c>, <c>__scheme__</c>, …).</param>
/// <param name="Labels">Labels after relabelling: what the target's series carry.</param>
/// <param name="LastScrape">When the last scrape began; null before the first.</param>
public sealed record ActiveTargetView(
    LabelSet DiscoveredLabels,
    LabelSet Labels,
    string ScrapePool,
    string ScrapeUrl,
    string LastError,
    DateTimeOffset? LastScrape,
    TimeSpan LastScrapeDuration,
    TargetHealth Health,
    TimeSpan ScrapeInterval,
    TimeSpan ScrapeTimeout)
{
    /// <summary>The URL as reachable from elsewhere; the scrape URL unless the host knows better.</summary>
    public string? GlobalUrl { get; init; }
}

/// <summary>A discovered target that relabelling dropped.</summary>
public sealed record DroppedTargetView(LabelSet DiscoveredLabels);

/// <summary>A target's health as Prometheus names it: "up", "down", "unknown".</summary>
public enum TargetHealth
{
    Unknown,
    Up,
    Down,
}
