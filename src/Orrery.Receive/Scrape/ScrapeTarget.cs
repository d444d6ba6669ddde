using Orrery.Signals.Labels;

namespace Orrery.Receive.Scrape;

/// <summary>
/// A target after relabeling: what to scrape (<see cref="Url"/>, interval, timeout) and the
/// labels every series from it carries (<see cref="Labels"/>: job, instance and the rest,
/// without the <c>__</c> internal ones).
/// </summary>
public sealed class ScrapeTarget
{
    public required string JobName { get; init; }
    /// <summary>The labels before relabeling (group labels, <c>__address__</c>, <c>__meta_*</c>, job defaults).</summary>
    public required LabelSet DiscoveredLabels { get; init; }
    /// <summary>The labels after relabeling, internal ones included: the target's identity.</summary>
    public required LabelSet FullLabels { get; init; }
    /// <summary>The labels attached to scraped series.</summary>
    public required LabelSet Labels { get; init; }
    public required Uri Url { get; init; }
    public required TimeSpan Interval { get; init; }
    public required TimeSpan Timeout { get; init; }

    /// <summary>Two targets with the same key are the same target (a reload keeps its loop).</summary>
    public string Key => JobName + "\n" + FullLabels + "\n" + Url;
}
