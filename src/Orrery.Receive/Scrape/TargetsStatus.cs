namespace Orrery.Receive.Scrape;

/// <summary>The data of Prometheus's <c>/api/v1/targets</c>: <c>activeTargets</c> and <c>droppedTargets</c>.</summary>
public sealed record TargetsStatus(IReadOnlyList<ActiveTargetStatus> ActiveTargets, IReadOnlyList<DroppedTargetStatus> DroppedTargets);

/// <summary>
/// One active target, fields named as in the API. <see cref="LastScrape"/> is
/// <see cref="DateTimeOffset.MinValue"/> before the first scrape (Prometheus prints
/// <c>0001-01-01T00:00:00Z</c>); <see cref="LastScrapeDuration"/> is in seconds;
/// <see cref="Health"/> is "up", "down" or "unknown"; intervals are Prometheus durations ("15s").
/// </summary>
public sealed record ActiveTargetStatus(
    IReadOnlyDictionary<string, string> DiscoveredLabels,
    IReadOnlyDictionary<string, string> Labels,
    string ScrapePool,
    string ScrapeUrl,
    string GlobalUrl,
    string LastError,
    DateTimeOffset LastScrape,
    double LastScrapeDuration,
    string Health,
    string ScrapeInterval,
    string ScrapeTimeout);

/// <summary>A target relabeling dropped (or that was invalid), with the labels it was discovered with.</summary>
public sealed record DroppedTargetStatus(IReadOnlyDictionary<string, string> DiscoveredLabels);
