namespace Orrery.Receive.Scrape;

/// <summary>How a target's last scrape went, as <c>/api/v1/targets</c> reports it.</summary>
public sealed record TargetHealth(string Health, string LastError, DateTimeOffset LastScrape, TimeSpan LastScrapeDuration)
{
    public const string Up = "up";
    public const string Down = "down";
    public const string Unknown = "unknown";

    /// <summary>Not scraped yet; <see cref="LastScrape"/> is the zero time, as Prometheus's <c>0001-01-01T00:00:00Z</c>.</summary>
    public static TargetHealth NotScraped { get; } = new(Unknown, "", DateTimeOffset.MinValue, TimeSpan.Zero);
}
