namespace Orrery.Receive.Scrape.Config;

/// <summary>The <c>global:</c> defaults a job inherits when it does not set its own.</summary>
public sealed record GlobalScrapeConfig(TimeSpan ScrapeInterval, TimeSpan ScrapeTimeout)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static GlobalScrapeConfig Default { get; } = new(DefaultInterval, DefaultTimeout);
}
